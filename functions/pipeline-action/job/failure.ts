import { FailureType } from '@aws-sdk/client-codepipeline';
import { transientKind } from '../../lib/aws/transient';
import {
  ConfigurationError,
  DeadlineExceededError,
  awsErrorName,
  PipewrightError,
  describeError,
} from '../../lib/errors';
import type { JobResult } from './result';
import { UNKNOWN_TASK } from './task-selection';

const PERMISSION_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'KMS.AccessDeniedException',
]);

/**
 * Converts any error thrown while running a job into the failure reported to CodePipeline, choosing
 * the failure type that tells the user where to look:
 * ConfigurationError → ConfigurationError (fix UserParameters / the pipeline),
 * AWS access denied → PermissionError (fix the function's role), throttling or an AWS 5xx after the
 * SDK's retries → SystemUnavailable (retry the stage later), out of time → JobFailed saying what to do.
 */
export function failureOf(error: unknown, task: string): Extract<JobResult, { kind: 'failure' }> {
  const prefix = task === UNKNOWN_TASK ? '' : `Task ${task}: `;
  if (error instanceof DeadlineExceededError) {
    return {
      kind: 'failure',
      type: FailureType.JobFailed,
      message: `${prefix}ran out of time in this invocation (${error.message}) and did not hand over in time. Raise the function's Timeout, or lower the task's timeouts/attempts so one step fits in an invocation; then retry the stage.`,
    };
  }
  if (error instanceof ConfigurationError) {
    return { kind: 'failure', type: FailureType.ConfigurationError, message: prefix + error.message };
  }
  const name = awsErrorName(error) ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode ?? 0;
  if (PERMISSION_ERRORS.has(name) || status === 403) {
    return {
      kind: 'failure',
      type: FailureType.PermissionError,
      message: `${prefix}AWS denied a call (${describeError(error)}). Check the function role's IAM policy (and, for artifacts, the pipeline's artifact store and KMS key policy).`,
    };
  }
  if (transientKind(error)) {
    return {
      kind: 'failure',
      type: FailureType.SystemUnavailable,
      message: `${prefix}AWS is throttling or unavailable after the SDK's retries (${describeError(error)}). Retry the stage later.`,
    };
  }
  const text = error instanceof PipewrightError ? error.message : describeError(error);
  return { kind: 'failure', type: FailureType.JobFailed, message: prefix + text };
}
