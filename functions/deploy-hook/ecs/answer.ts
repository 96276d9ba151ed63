import { type StageProgress, answerDetails } from './progress';

/** What an ECS lifecycle hook answers: continue, roll back, or call again. */
export type EcsHookStatus = 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';

/**
 * The verdict of one ECS hook invocation, before it becomes the answer ECS reads: the stage served
 * (`unknown` when neither the event nor ECS said), one line for the log (what passed, what failed and
 * why, or what goes on) and, in progress, when ECS should call again and where the checks stand.
 */
export type EcsVerdict =
  | { hookStatus: 'SUCCEEDED' | 'FAILED'; stage: string; reason: string }
  | {
      hookStatus: 'IN_PROGRESS';
      stage: string;
      reason: string;
      callBackDelay: number;
      progress: StageProgress;
    };

/** The return value ECS reads: `{hookStatus, callBackDelay?, hookDetails}`. */
export interface EcsHookAnswer {
  hookStatus: EcsHookStatus;
  callBackDelay?: number;
  hookDetails: Record<string, unknown>;
}

/**
 * A final verdict of an ECS hook invocation.
 *
 * @example
 * ```ts
 * verdict('FAILED', 'POST_TEST_TRAFFIC_SHIFT', 'check 1 of 2 failed — http: …');
 * ```
 */
export function verdict(hookStatus: 'SUCCEEDED' | 'FAILED', stage: string, reason: string): EcsVerdict {
  return { hookStatus, stage, reason };
}

/**
 * The answer ECS reads for a verdict: `hookStatus`, `callBackDelay` when in progress, and `hookDetails`
 * holding `{pipewright: …}` — the progress to go on from, or the result and its reason (bounded, see
 * `answerDetails`).
 *
 * @example
 * ```ts
 * toAnswer(verdict('SUCCEEDED', 'POST_SCALE_UP', '1 check passed'));
 * // { hookStatus: 'SUCCEEDED', hookDetails: { pipewright: { v: 1, stage: 'POST_SCALE_UP', result: 'SUCCEEDED', reason: '1 check passed' } } }
 * ```
 */
export function toAnswer(v: EcsVerdict): EcsHookAnswer {
  if (v.hookStatus === 'IN_PROGRESS') {
    return {
      hookStatus: v.hookStatus,
      callBackDelay: v.callBackDelay,
      hookDetails: answerDetails(v.progress),
    };
  }
  const result = { v: 1, stage: v.stage, result: v.hookStatus, reason: v.reason } as const;
  return { hookStatus: v.hookStatus, hookDetails: answerDetails(result) };
}
