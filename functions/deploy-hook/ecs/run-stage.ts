import { currentScope, pause, remainingWorkMs } from '../../lib/invocation';
import { logger } from '../../lib/observability';
import { countText, formatDuration } from '../../lib/text';
import { attemptCheck, recordOutcome } from '../attempts';
import { firstRun, type CheckRun, type Listeners } from '../checks/check';
import type { ConfiguredCheck } from '../deployment-config';
import type { EcsServiceTarget } from '../target';
import { type EcsVerdict, verdict } from './answer';
import { MAX_CALLBACK_DELAY_S, type StageProgress } from './progress';

/** Longest pause between two attempts held inside an invocation; a longer one is handed over (default: 10 s). */
const INLINE_WAIT_MS = 10_000;

/**
 * Work time an attempt needs to start, after the first of the invocation; with less left the hook hands
 * over (default: 15 s, a 10 s HTTP timeout and margin).
 */
const MIN_ATTEMPT_MS = 15_000;

/**
 * A check that AWS kept from running (throttling, 5xx until the work time was spent) is called again
 * after this pause (ECS's default `callBackDelay`), for as long as {@link TRANSIENT_HAND_OVER_MS} allows.
 */
const TRANSIENT_RETRY_MS = 30_000;

/** How long after a check's first attempt transient AWS failures are still handed over rather than failed (default: 15 min). */
const TRANSIENT_HAND_OVER_MS = 15 * 60_000;

/** What {@link runStage} works on. */
export interface StageRun {
  target: EcsServiceTarget;
  /** The checks that apply at the stage, in order. */
  planned: ConfiguredCheck[];
  listeners: Listeners;
  /** Where an earlier invocation handed over (see `readProgress`), or nothing to start with the first check. */
  progress?: StageProgress;
  executionId?: string;
}

/**
 * Runs a stage's checks for an ECS hook, in order, from where an earlier invocation handed over. Each
 * final outcome is logged and counted; the first failed check ends the stage: `FAILED` at once, so that
 * ECS rolls back without waiting for the checks after it. A check that asks for another attempt gets it
 * in this invocation when the pause is short (≤ 10 s) and the work time allows; otherwise — a longer
 * pause, or less than 15 s of work time before an attempt that is not the invocation's first (which is
 * always made, so that every invocation gets on) — the hook answers `IN_PROGRESS` with
 * `callBackDelay` and where it stands, and ECS calls it again. A check that AWS kept from running
 * (transient errors until the work time was spent) is handed over too, for up to 15 min after its first
 * attempt, then fails. `SUCCEEDED` once every check passed.
 *
 * @example
 * ```ts
 * return runStage({ target, planned, listeners: config.listeners, progress: readProgress(hook, stage, planned) });
 * ```
 */
export async function runStage(stage: StageRun): Promise<EcsVerdict> {
  const { target, planned, progress } = stage;
  const name = target.stage ?? 'unknown';
  const signal = currentScope()?.signal;
  let attempted = false; // the first attempt of an invocation is always made: a short Timeout still gets on
  for (let index = progress?.check ?? 0; index < planned.length; index++) {
    const check = planned[index]!;
    let run: CheckRun =
      progress && index === progress.check
        ? { attempt: progress.attempts + 1, startedAt: progress.since, listeners: stage.listeners }
        : firstRun(stage.listeners);
    for (;;) {
      if (attempted && remainingWorkMs() < MIN_ATTEMPT_MS) {
        return handOver(stage, index, run, 1_000, 'the work time left is short');
      }
      attempted = true;
      const outcome = await attemptCheck(check, target, run);
      signal?.throwIfAborted();
      if (outcome.transient && Date.now() - run.startedAt < TRANSIENT_HAND_OVER_MS) {
        // No verdict on the target: AWS failed us. ECS calls again; withinSeconds still bounds the check.
        const next: CheckRun = { ...run, attempt: run.attempt + 1 };
        return handOver(
          stage,
          index,
          next,
          TRANSIENT_RETRY_MS,
          `${check.definition.name}: ${outcome.detail}`,
        );
      }
      if (!outcome.retry) {
        recordOutcome(check.definition.name, outcome, target);
        if (outcome.passed) break;
        const failed = `${check.definition.name}: ${outcome.detail}`;
        return verdict('FAILED', name, `check ${index + 1} of ${planned.length} failed — ${failed}`);
      }
      const waitMs = outcome.retry.afterMs;
      const next: CheckRun = { ...run, attempt: run.attempt + 1 };
      if (waitMs <= INLINE_WAIT_MS && remainingWorkMs() >= waitMs + MIN_ATTEMPT_MS) {
        await pause(waitMs);
        run = next;
        continue;
      }
      return handOver(stage, index, next, waitMs, `${check.definition.name}: ${outcome.detail}`);
    }
  }
  return verdict('SUCCEEDED', name, `${countText(planned.length, 'check')} passed`);
}

/**
 * `IN_PROGRESS`: ECS calls again after `waitMs` (at least 1 s, at most 900 s), going on with attempt
 * `next.attempt` of check `index`.
 */
function handOver(stage: StageRun, index: number, next: CheckRun, waitMs: number, why: string): EcsVerdict {
  const check = stage.planned[index]!.definition.name;
  const delaySeconds = Math.min(MAX_CALLBACK_DELAY_S, Math.max(1, Math.ceil(waitMs / 1000)));
  const progress: StageProgress = {
    v: 1,
    stage: stage.target.stage ?? 'unknown',
    ...(stage.executionId ? { execution: stage.executionId } : {}),
    check: index,
    name: check,
    of: stage.planned.length,
    attempts: next.attempt - 1,
    since: next.startedAt,
    due: Date.now() + delaySeconds * 1000,
  };
  logger.info(
    `Check ${check} goes on in the next invocation (attempt ${next.attempt}, in ${formatDuration(delaySeconds * 1000)}): ${why}`,
  );
  return {
    hookStatus: 'IN_PROGRESS',
    stage: progress.stage,
    reason: `check ${index + 1} of ${stage.planned.length} (${check}) goes on in ${delaySeconds} s`,
    callBackDelay: delaySeconds,
    progress,
  };
}
