import { FailureType } from '@aws-sdk/client-codepipeline';
import { awsErrorName, describeError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { type JobResult, sendJobResult } from './result';

/**
 * Errors of PutJobSuccessResult that say the request itself is invalid (the SDK's list for the
 * command): every Lambda retry would be rejected the same way and the job would hang until the action
 * times out.
 */
const REJECTED_REQUEST = new Set(['ValidationException', 'OutputVariablesSizeExceededException']);

/**
 * Reports a job result like {@link sendJobResult}; when CodePipeline rejects a success or a
 * continuation as invalid, reports once instead a `JobFailed` failure saying that the result could not
 * be reported and why, so the action fails now rather than hanging. Returns the result reported.
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
