import { FailureType } from '@aws-sdk/client-codepipeline';
import type { Context } from 'aws-lambda';
import { remainingWorkMs } from '../../lib/invocation';
import { correlate, logger } from '../../lib/observability';
import { reportOnce, unreportable } from '../../lib/report-once';
import type { JobIdentity, TaskRegistry } from '../tasks/task';
import { artifactReader } from './artifacts';
import { decodeContinuation } from './continuation';
import { type JobDelivery, asDelivered, invokeActionDelivery } from './delivery';
import { type DeliveredJob, type Job, isReportableJobId, jobOfInvokeEvent, parseJob } from './event';
import { isAlreadyReported, isUnreportable, reportJobResult } from './report';
import { recordReported } from './reported';
import { type JobResult, failureOf, toJobResult } from './result';
import { UNKNOWN_TASK } from './task-selection';

function identityOf(job: Job): JobIdentity {
  const context = job.data.pipelineContext;
  return {
    jobId: job.id,
    accountId: job.accountId,
    pipelineName: context?.pipelineName,
    pipelineExecutionId: context?.pipelineExecutionId,
    stageName: context?.stage?.name,
    actionName: context?.action?.name,
  };
}

/** Longest part of an unreportable id quoted in its log line. */
const SHOWN_ID_CHARS = 80;

/** A job whose id CodePipeline would reject: logged and counted, no AWS call, no retry. */
function unreportableJob(jobId: string): JobResult {
  const shown = JSON.stringify(jobId.slice(0, SHOWN_ID_CHARS)) + (jobId.length > SHOWN_ID_CHARS ? '…' : '');
  const reason = `its id ${shown} (${jobId.length} characters) does not match the CodePipeline job id pattern, so PutJob*Result would reject it`;
  unreportable('a CodePipeline job', reason);
  return { kind: 'failure', type: FailureType.ConfigurationError, message: `The job ${reason}` };
}

/**
 * Runs one CodePipeline job, whatever delivered it (a Lambda invoke action, a custom action worker):
 * when its id can be reported (else logs and counts it as `ResultUnreportable` and returns, no AWS
 * call), then, inside the report-once guard, parses the job, selects the task as `delivery` reads it
 * (default: UserParameters, the invoke action's), resumes its continuation state, runs it under the
 * deadline and reports exactly one result (success, continuation, or failure with a type that says
 * where to look). When CodePipeline rejects a success or continuation as invalid, the failure saying
 * so is reported instead and returned.
 *
 * @example
 * ```ts
 * const result = await runJob(taskRegistry, { id: job.id, raw: job }, context, workerDelivery); // from PollForJobs
 * ```
 */
export async function runJob(
  registry: TaskRegistry,
  delivered: DeliveredJob,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  delivery: JobDelivery = invokeActionDelivery,
): Promise<JobResult> {
  const { id: jobId } = delivered;
  if (!isReportableJobId(jobId)) return unreportableJob(jobId);
  correlate({ jobId });
  let taskName = UNKNOWN_TASK;
  const result = await reportOnce(context, {
    subject: `job ${jobId}`,
    work: async () => {
      const job = parseJob(delivered.raw, delivered.event);
      const identity = identityOf(job);
      const request = delivery.taskRequest(job, registry);
      taskName = request.taskName;
      correlate({
        pipelineName: identity.pipelineName,
        pipelineExecutionId: identity.pipelineExecutionId,
        task: taskName,
      });
      if (request.error) throw request.error;
      const { task, params } = request;
      const token = job.data.continuationToken;
      const previous = token
        ? decodeContinuation(token, task.name, task.state, delivery.taskSource)
        : undefined;
      logger.info(previous === undefined ? 'Starting task' : 'Resuming task', {
        inputArtifacts: job.data.inputArtifacts.map((a) => a.name),
        remainingWorkMs: remainingWorkMs(),
      });
      const outcome = await task.run(params, {
        job: identity,
        previous,
        remainingWorkMs,
        readInputArtifactFile: artifactReader(job),
      });
      return toJobResult(task, outcome);
    },
    failure: (error) => failureOf(error, taskName, delivery.functionId),
    report: (result) => reportJobResult(jobId, asDelivered(delivery, jobId, result)),
    isAlreadyReported,
    isUnreportable,
  });
  recordReported(result, taskName);
  return result;
}

/**
 * The Lambda invoke action handler around {@link runJob}: takes the job from the event (an event
 * that is not a CodePipeline job throws UnsupportedEventError, no AWS call).
 *
 * @example
 * ```ts
 * export const handler = instrument(jobRuntime(taskRegistry));
 * ```
 */
export function jobRuntime(registry: TaskRegistry) {
  return async (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<JobResult> =>
    runJob(registry, jobOfInvokeEvent(event), context);
}
