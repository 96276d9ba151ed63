import * as z from 'zod';
import { formatIssues } from '../../lib/schema';
import { logger } from '../../lib/observability';
import { truncate } from '../../lib/text';
import type { ConfiguredCheck } from '../deployment-config';
import type { EcsHookEvent } from './event';

/** The key of the hook's own entry in `hookDetails` (ECS merges it with the service definition's entries). */
const DETAILS_KEY = 'pipewright';

/**
 * A hand-over due longer ago than this is not resumed for an event without an execution id (default:
 * 10 minutes): it is taken for another execution's.
 */
const STALE_AFTER_MS = 10 * 60_000;

/** Longest reason kept in `hookDetails` (default: 1000 characters; the log line has it whole). */
const MAX_REASON_CHARS = 1_000;

/** Longest `callBackDelay` a hand-over asks for (default: 900 s, the longest pause a check's options allow). */
export const MAX_CALLBACK_DELAY_S = 900;
/** Clock difference tolerated between two invocations (default: 60 s). */
const CLOCK_SKEW_MS = 60_000;

/** Where a stage's checks stand when the hook hands over (`IN_PROGRESS`): counters and times only, no detail. */
const progressSchema = z.strictObject({
  v: z.literal(1),
  stage: z.string().max(100),
  /** The execution id of the event that handed over, when the event has one. */
  execution: z.string().max(1_000).optional(),
  /** Index of the check to go on with, among the checks that apply at the stage. */
  check: z.number().int().min(0),
  /** Its name and the number of checks that applied: a changed configuration starts over. */
  name: z.string().max(100),
  of: z.number().int().min(1),
  /** Attempts of that check made so far, and when the first one started (epoch ms). */
  attempts: z.number().int().min(0).max(100_000),
  since: z.number().int().positive(),
  /** When the next attempt is due (epoch ms). */
  due: z.number().int().positive(),
});

/** Where a stage's checks stand: what an `IN_PROGRESS` answer hands over in `hookDetails.pipewright`. */
export type StageProgress = z.infer<typeof progressSchema>;

/** The outcome an answer records in `hookDetails.pipewright` (it replaces a hand-over ECS would merge back). */
export interface StageResult {
  v: 1;
  stage: string;
  result: 'SUCCEEDED' | 'FAILED';
  reason: string;
}

/**
 * The progress an earlier invocation of this hook handed over for this stage and these checks, or
 * `undefined` to start with the first check: there is none, it is a result rather than a hand-over, it
 * is of another stage or execution (an event without an execution id: due more than 10 minutes ago),
 * or the checks that apply changed since. A malformed one, or one with times this hook never writes
 * (see `timesProblem`), is logged and ignored: the checks start over, they do not fail.
 *
 * @example
 * ```ts
 * readProgress(hook, 'POST_TEST_TRAFFIC_SHIFT', planned); // { check: 0, name: 'http', attempts: 3, … }
 * ```
 */
export function readProgress(
  hook: EcsHookEvent,
  stage: string,
  planned: readonly ConfiguredCheck[],
): StageProgress | undefined {
  const raw = hook.hookDetails[DETAILS_KEY];
  if (raw === undefined || (typeof raw === 'object' && raw !== null && 'result' in raw)) return undefined;
  const parsed = progressSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    logger.warn(`hookDetails.${DETAILS_KEY} is not a hand-over of this hook; starting the checks over`, {
      problem: formatIssues(parsed.error.issues, `hookDetails.${DETAILS_KEY}`),
    });
    return undefined;
  }
  const progress = parsed.data;
  const impossible = timesProblem(progress, Date.now());
  if (impossible) {
    logger.warn(
      `hookDetails.${DETAILS_KEY} is not a hand-over of this hook (${impossible}); starting the checks over`,
    );
    return undefined;
  }
  if (progress.stage !== stage) return undefined;
  // An event with an execution id resumes only that execution's hand-over; the earlier payload has
  // none, so a hand-over long past its due time is taken for another execution's.
  const otherRun =
    hook.executionId !== undefined
      ? progress.execution !== hook.executionId &&
        `another execution (${truncate(progress.execution ?? 'none named', 100)})`
      : Date.now() > progress.due + STALE_AFTER_MS && 'a run due more than 10 minutes ago';
  if (otherRun) {
    logger.warn(`hookDetails.${DETAILS_KEY} holds a hand-over of ${otherRun}; starting the checks over`);
    return undefined;
  }
  const sameChecks =
    progress.of === planned.length && planned[progress.check]?.definition.name === progress.name;
  if (!sameChecks) logger.warn('The checks that apply changed since the last hand-over; starting them over');
  return sameChecks ? progress : undefined;
}

/**
 * Why a hand-over's times cannot be this hook's: its first attempt in the future (it would never reach
 * `withinSeconds`), due before that attempt, or due later than any `callBackDelay` it asks for.
 */
function timesProblem({ since, due }: StageProgress, now: number): string | undefined {
  if (since > now + CLOCK_SKEW_MS) return 'its first attempt is in the future';
  if (due < since) return 'it is due before its first attempt';
  const latest = now + MAX_CALLBACK_DELAY_S * 1000 + CLOCK_SKEW_MS;
  return due > latest ? `it is due more than ${MAX_CALLBACK_DELAY_S} s from now` : undefined;
}

/**
 * `hookDetails` of an answer: `{ pipewright: <progress or result> }`, a few hundred bytes at most (a
 * result's reason is cut to 1000 characters). Only counters, times, check names and the reason the
 * log line gives too — never a check's options.
 *
 * @example
 * ```ts
 * answerDetails({ v: 1, stage: 'POST_TEST_TRAFFIC_SHIFT', result: 'FAILED', reason: '1 of 2 checks failed — …' });
 * ```
 */
export function answerDetails(state: StageProgress | StageResult): Record<string, unknown> {
  if (!('result' in state)) return { [DETAILS_KEY]: state };
  return { [DETAILS_KEY]: { ...state, reason: truncate(state.reason, MAX_REASON_CHARS) } };
}
