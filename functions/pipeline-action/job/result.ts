import {
  CodePipelineClient,
  type FailureType,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { lazyClient } from '../../lib/clients';
import { awsErrorName } from '../../lib/errors';
import { truncate } from '../../lib/text';
import { jobLimits } from './limits';

/** The one result reported for a job invocation. */
export type JobResult =
  | {
      kind: 'success';
      summary: string;
      outputVariables?: Record<string, string>;
      externalExecutionId?: string;
    }
  | {
      kind: 'continue';
      summary: string;
      continuationToken: string;
      percentComplete?: number;
      externalExecutionId?: string;
    }
  | { kind: 'failure'; type: FailureType; message: string; externalExecutionId?: string };

const codepipeline = lazyClient(CodePipelineClient);

/**
 * Reports a job result to CodePipeline (PutJobSuccessResult with a continuation token or output
 * variables, or PutJobFailureResult), cutting texts to the API limits. Throws when the call fails
 * after the SDK's retries.
 */
export async function sendJobResult(jobId: string, result: JobResult): Promise<void> {
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
