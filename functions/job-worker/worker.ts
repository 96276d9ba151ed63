import type { Context } from 'aws-lambda';
import { PipewrightError, describeError } from '../lib/errors';
import { runBeforeReserve, workBudgetMs } from '../lib/invocation';
import { correlated, logger } from '../lib/observability';
import type { JobResult } from '../pipeline-action/job/result';
import { runJob } from '../pipeline-action/job/runtime';
import type { TaskRegistry } from '../pipeline-action/tasks/task';
import { acknowledge } from './acknowledge';
import type { ActionTypeDefinition } from './action-type';
import { type DeclaredType, declaredTypes } from './declared';
import { workerDelivery } from './delivery';
import { type PolledJob, pollForJobs } from './poll';
import { type Trigger, readTrigger } from './trigger';
import { type Skip, typesToPoll } from './types-to-poll';

/**
 * Work time a claimed job needs left to start in this invocation: its task's first AWS calls (with
 * their retries); with less it is handed over unstarted. Only a slow poll leaves so little.
 */
const MIN_WORK_TO_START_MS = 3_000;

/** What one invocation did: the worker's return value. */
export interface WorkerSummary {
  trigger: Trigger['kind'];
  /** Why no type was polled: an action of another owner, not STARTED, or of a type this worker does not declare. */
  skipped?: Skip['name'];
  /** The jobs this worker acknowledged and ran, with the kind of result reported. */
  ran: { jobId: string; provider: string; result: JobResult['kind'] }[];
  /** The jobs another worker has (lost acknowledge), with the answer that said so. */
  leftToOthers: { jobId: string; reason: string }[];
}

/**
 * The custom action job worker: on an action-started event polls the action's type (when it declares
 * it), on the schedule's sweep every declared type; acknowledges each job with its nonce before any
 * work (a job another worker acknowledged is left to it, silently); runs the jobs of a poll
 * concurrently through the same job runner as the invoke action, each reporting exactly one result, a
 * job too late to start in this invocation handed over through a continuation token. A poll or an
 * acknowledge that fails for another reason (throttling, a denial) fails the invocation once every
 * claimed job is reported, so that Lambda retries it and the function's error alarm says so.
 *
 * @example
 * ```ts
 * export const handler = instrument(jobWorker(actionTypeRegistry));
 * ```
 */
export function jobWorker(definitions: readonly ActionTypeDefinition[]) {
  const tasks: TaskRegistry = new Map(definitions.map((d) => [d.task.name, d.task]));
  return async (
    event: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<WorkerSummary> => {
    const trigger = readTrigger(event);
    const { targets, skip } = typesToPoll(trigger, declaredTypes(definitions));
    const summary: WorkerSummary = { trigger: trigger.kind, skipped: skip?.name, ran: [], leftToOthers: [] };
    if (skip) {
      logger.info(`Nothing to poll: ${skip.why}`, { trigger: trigger.kind, skipped: skip.name });
      return summary;
    }
    const failures: { what: string; error: unknown }[] = [];
    /** Runs a step whose failure must not stop the other jobs: recorded, and logged unless `logged` already. */
    const attempt = async <R>(
      what: string,
      work: () => Promise<R>,
      logged = false,
    ): Promise<R | undefined> => {
      try {
        return await work();
      } catch (error) {
        if (!logged) logger.error(`${what} failed: ${describeError(error)}`, { error: error as Error });
        failures.push({ what, error });
        return undefined;
      }
    };
    const serve = async (job: PolledJob) => {
      const claim = await attempt(`AcknowledgeJob of job ${job.id}`, () =>
        runBeforeReserve(context, () => acknowledge(job)),
      );
      if (claim && !claim.claimed) {
        logger.info('Job left to the worker that acknowledged it', { jobId: job.id, reason: claim.reason });
        summary.leftToOthers.push({ jobId: job.id, reason: claim.reason });
      }
      if (!claim?.claimed) return;
      const delivery = workerDelivery(job.type, workBudgetMs(context) >= MIN_WORK_TO_START_MS);
      // runJob throws only when the result could not be reported (the report-once guard logged it).
      const result = await attempt(
        `Reporting the result of job ${job.id}`,
        () => correlated('## job', () => runJob(tasks, { id: job.id, raw: job.raw }, context, delivery)),
        true,
      );
      if (result) summary.ran.push({ jobId: job.id, provider: job.type.id.provider, result: result.kind });
    };
    const pollAndServe = async (type: DeclaredType) => {
      const jobs = await attempt(`PollForJobs for ${type.id.provider}`, () =>
        runBeforeReserve(context, () => pollForJobs(type)),
      );
      await Promise.all((jobs ?? []).map(serve));
    };
    await Promise.all(targets.map(pollAndServe));
    const line = `Ran ${summary.ran.length} job(s); ${summary.leftToOthers.length} left to other workers`;
    const keys = { trigger: trigger.kind, polled: targets.map((type) => type.id.provider) };
    // A sweep that found nothing (most of them) logs at DEBUG only: a line a minute would be noise.
    if (summary.ran.length + summary.leftToOthers.length > 0) logger.info(line, keys);
    else logger.debug(line, keys);
    if (failures.length > 0) {
      const what = failures.map((f) => `${f.what} failed: ${describeError(f.error)}`).join('; ');
      throw new PipewrightError(what, { cause: failures[0]!.error });
    }
    return summary;
  };
}
