import {
  CodePipelineClient,
  FailureType,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { lazyClient } from '../../lib/clients';
import { awsErrorName, describeError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { truncate } from '../../lib/text';
import { type JobResult, jobLimits } from './result';

const codepipeline = lazyClient(CodePipelineClient);

/**
 * Reports a job result to CodePipeline (PutJobSuccessResult with a continuation token or output
 * variables, or PutJobFailureResult), cutting texts to the API limits. Throws when the call fails
 * after the SDK's retries.
 */
async function sendJobResult(jobId: string, result: JobResult): Promise<void> {
  const externalExecutionId = result.externalExecutionId
    ? truncate(result.externalExecutionId, jobLimits.externalExecutionIdChars)
    : undefined;
  if (result.kind === 'failure') {
    const message = truncate(
      result.message.trim() || 'The task failed without a message',
      jobLimits.failureMessageChars,
    );
    await codepipeline().send(
      new PutJobFailureResultCommand({
        jobId,
        failureDetails: { type: result.type, message, externalExecutionId },
      }),
    );
    return;
  }
  const percentComplete =
    result.kind === 'continue' && result.percentComplete !== undefined
      ? Math.min(100, Math.max(0, Math.round(result.percentComplete)))
      : result.kind === 'success'
        ? 100
        : undefined;
  await codepipeline().send(
    new PutJobSuccessResultCommand({
      jobId,
      executionDetails: {
        summary: truncate(result.summary || 'Done', jobLimits.summaryChars),
        percentComplete,
        externalExecutionId,
      },
      ...(result.kind === 'continue'
        ? { continuationToken: result.continuationToken }
        : { outputVariables: result.outputVariables }),
    }),
  );
}

/**
 * Errors of PutJobSuccessResult that say the request itself is invalid (the SDK's list for the
 * command): every Lambda retry would be rejected the same way and the job would hang until the action
 * times out.
 */
const REJECTED_REQUEST = new Set(['ValidationException', 'OutputVariablesSizeExceededException']);

/**
 * Reports a job result; when CodePipeline rejects a success or a continuation as invalid, reports once
 * instead a `JobFailed` failure saying that the result could not be reported and why, so the action
 * fails now rather than hanging. Returns the result actually reported.
 *
 * @example
 * ```ts
 * const reported = await reportJobResult(job.id, { kind: 'success', summary: 'ok' });
 * ```
 */
export async function reportJobResult(jobId: string, result: JobResult): Promise<JobResult> {
  try {
    await sendJobResult(jobId, result);
    return result;
  } catch (error) {
    if (result.kind === 'failure' || !REJECTED_REQUEST.has(awsErrorName(error) ?? '')) throw error;
    const what =
      result.kind === 'success'
        ? 'The task succeeded, but its success could not be reported'
        : 'The task is still in progress, but its continuation could not be reported';
    const fallback: JobResult = {
      kind: 'failure',
      type: FailureType.JobFailed,
      message: `${what}: CodePipeline rejected PutJobSuccessResult (${describeError(error)}). Summary: ${result.summary}`,
      externalExecutionId: result.externalExecutionId,
    };
    logger.error('CodePipeline rejected the result; reporting a failure instead', {
      outcome: result.kind,
      error: error as Error,
    });
    await sendJobResult(jobId, fallback);
    return fallback;
  }
}

/** A second result for a finished job answers InvalidJobStateException: already reported, not an error. */
export function isAlreadyReported(error: unknown): boolean {
  return awsErrorName(error) === 'InvalidJobStateException';
}

/**
 * JobNotFoundException ("the job was specified in an invalid format or cannot be found"): no retry can
 * report it (a hand-made event sent to a real account, a job from another region), so it is logged and
 * counted instead of failing the invocation into useless retries.
 */
export function isUnreportable(error: unknown): boolean {
  return awsErrorName(error) === 'JobNotFoundException';
}
