import { SSMClient } from '@aws-sdk/client-ssm';
import { lazyClient } from '../../lib/clients';
import { pause, remainingWorkMs } from '../../lib/invocation';

/** The SSM client of the tasks (calendar, parameters, automation). */
export const ssm = lazyClient(SSMClient);

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

/** `['a', 'b', 'c']` → `a, b and c`. */
export function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
