import { pause, remainingWorkMs } from '../../../lib/invocation';
import { STEP_MARGIN_MS } from './wait-if-time-allows';

/** Time kept after an attempt's timeout to judge the answer and return (default: 1000 ms). */
const ATTEMPT_MARGIN_MS = 1_000;
/** Shortest attempt worth making when the configured timeout is longer (default: 1000 ms). */
const MIN_ATTEMPT_MS = 1_000;
/** Time kept after a pause that ends in a hand-over, to build and return the continuation (default: 1000 ms). */
const HANDOVER_MARGIN_MS = 1_000;

/**
 * The timeout an attempt may use now: the configured `timeoutMs`, cut to what remains of the
 * invocation minus {@link ATTEMPT_MARGIN_MS}; `undefined` when that leaves less than a meaningful
 * attempt (the configured timeout, or {@link MIN_ATTEMPT_MS} if it is longer).
 *
 * @example
 * ```ts
 * attemptTimeoutMs(300_000); // 288_500 with 289.5 s left in the invocation
 * ```
 */
export function attemptTimeoutMs(timeoutMs: number): number | undefined {
  const allowed = Math.min(timeoutMs, Math.floor(remainingWorkMs() - ATTEMPT_MARGIN_MS));
  return allowed >= Math.min(timeoutMs, MIN_ATTEMPT_MS) ? allowed : undefined;
}

/**
 * Waits until `dueAt` (epoch ms) for the next attempt of a retried check, when the wait plus a full
 * attempt (`timeoutMs`) plus the step margin fits in the invocation; returns the timeout the attempt
 * may use. Otherwise it pauses as long as the invocation allows (at most until `dueAt`, keeping
 * {@link HANDOVER_MARGIN_MS}) and returns `undefined`: the caller hands over through a continuation
 * token. CodePipeline invokes the function again at once with that token, so waiting here first keeps
 * the number of invocations that only wait small.
 *
 * @example
 * ```ts
 * const timeoutMs = await awaitAttempt(state.nextAttemptAt, 10_000);
 * if (timeoutMs === undefined) return handOver(state);
 * ```
 */
export async function awaitAttempt(dueAt: number, timeoutMs: number): Promise<number | undefined> {
  const waitMs = Math.max(0, dueAt - Date.now());
  if (waitMs > 0 && waitMs + timeoutMs + STEP_MARGIN_MS > remainingWorkMs()) {
    const pauseMs = Math.min(waitMs, Math.floor(remainingWorkMs() - HANDOVER_MARGIN_MS));
    if (pauseMs > 0) await pause(pauseMs);
    return undefined;
  }
  if (waitMs > 0) await pause(waitMs);
  return attemptTimeoutMs(timeoutMs);
}
