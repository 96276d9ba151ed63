import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { remainingWorkMs } from '../../lib/invocation';
import { correlate, logger, metrics } from '../../lib/observability';
import { reportOnce } from '../../lib/report-once';
import type { JobIdentity, TaskRegistry } from '../tasks/task';
import { artifactReader } from './artifacts';
import { decodeContinuation } from './continuation';
import { type Job, jobIdOf, parseJob } from './event';
import { isAlreadyReported, isUnreportable, reportJobResult } from './report';
import { type JobResult, failureOf, toJobResult } from './result';
import { UNKNOWN_TASK, readTaskRequest } from './task-selection';

const METRIC_OF: Record<JobResult['kind'], string> = {
  success: 'TaskSucceeded',
  failure: 'TaskFailed',
  continue: 'TaskContinued',
};

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

/**
 * The job runtime of the pipeline action: checks the event is a CodePipeline job (else throws
 * UnsupportedEventError, no AWS call), then, inside the report-once guard, parses the job, selects the
 * task from UserParameters, resumes its continuation state, runs it under the deadline and reports
 * exactly one result (success, continuation, or failure with a type that says where to look). When
 * CodePipeline rejects a success or continuation as invalid, the failure saying so is reported instead
 * and returned.
 *
 * @example
 * ```ts
 * export const handler = instrument(jobRuntime(taskRegistry));
 * ```
 */
export function jobRuntime(registry: TaskRegistry) {
  return async (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<JobResult> => {
    const jobId = jobIdOf(event);
    correlate({ jobId });
    let taskName = UNKNOWN_TASK;
    const result = await reportOnce(context, {
      subject: `job ${jobId}`,
      work: async () => {
        const job = parseJob(event);
        const identity = identityOf(job);
        const request = readTaskRequest(job.data.actionConfiguration.configuration.UserParameters, registry);
        taskName = request.taskName;
        correlate({
          pipelineName: identity.pipelineName,
          pipelineExecutionId: identity.pipelineExecutionId,
          task: taskName,
        });
        if (request.error) throw request.error;
        const { task, params } = request;
        const token = job.data.continuationToken;
        const previous = token ? decodeContinuation(token, task.name, task.state) : undefined;
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
      failure: (error) => failureOf(error, taskName),
      report: (result) => reportJobResult(jobId, result),
      isAlreadyReported,
      isUnreportable,
    });
    const metric = metrics.singleMetric();
    metric.addDimension('task', taskName);
    metric.addMetric(METRIC_OF[result.kind], MetricUnit.Count, 1);
    logger.info(`Reported ${result.kind}`, {
      outcome: result.kind,
      detail: result.kind === 'failure' ? result.message : result.summary,
    });
    return result;
  };
}
