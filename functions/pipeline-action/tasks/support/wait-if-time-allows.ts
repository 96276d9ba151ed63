import { pause, remainingWorkMs } from '../../../lib/invocation';

/** Time kept after a wait for the next step and its report (default: 5000 ms). */
export const STEP_MARGIN_MS = 5_000;

/**
 * Waits `ms` before the next poll if the invocation still has room for the wait plus `nextStepMs`
 * (and a margin); otherwise returns false at once so the task hands over through a continuation
 * token instead of being cut off by the deadline.
 *
 * @example
 * ```ts
 * if (!(await waitIfTimeAllows(5_000, 2_000))) return { status: 'inProgress', state, summary };
 * ```
 */
export async function waitIfTimeAllows(ms: number, nextStepMs: number): Promise<boolean> {
  if (remainingWorkMs() < ms + nextStepMs + STEP_MARGIN_MS) return false;
  await pause(ms);
  return true;
}
