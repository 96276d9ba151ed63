import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { lazyClient } from '../lib/clients';
import { PipewrightError, awsErrorName } from '../lib/errors';
import { logger } from '../lib/observability';
import { type HookIds, unreportableIds } from './event';
import type { HookVerdict } from './run-checks';

/**
 * The reporting call's own client: with `AWS_RETRY_MODE=adaptive` a client learns a send rate from
 * throttled answers and then holds later requests back (a wait no abort signal cuts), so a report
 * sharing the client of throttled GetDeployment calls could sit out the reserve before it is even sent.
 */
const reporter = lazyClient(CodeDeployClient);

/** No status was sent: the ids cannot be CodeDeploy's (see `unreportableIds`). */
class UnreportableIdsError extends PipewrightError {
  override name = 'UnreportableIdsError';
}

/**
 * Errors of `PutLifecycleEventHookExecutionStatus` that no retry can fix: the deployment or the hook
 * execution does not exist (any more), or the ids are invalid (our payload is two ids as received and a
 * status from the API's enum, so a validation error can only be about the ids).
 */
const UNREPORTABLE = new Set([
  'DeploymentDoesNotExistException',
  'DeploymentIdRequiredException',
  'InvalidDeploymentIdException',
  'InvalidLifecycleEventHookExecutionIdException',
  'LifecycleEventHookExecutionIdRequiredException',
  'UnsupportedActionForDeploymentTypeException',
  'ValidationException',
  'UnreportableIdsError',
]);

/**
 * Reports a hook's verdict to CodeDeploy with `PutLifecycleEventHookExecutionStatus`, the ids exactly
 * as received, after logging it (the API has no message field, so the reason lives in the log: INFO for
 * `Succeeded`, ERROR for `Failed`). Ids that cannot be CodeDeploy's are not sent: an
 * `UnreportableIdsError` is thrown instead ({@link isUnreportable}). Throws when the call fails after the
 * SDK's retries.
 *
 * @example
 * ```ts
 * await sendHookStatus(ids, { status: 'Failed', reason: '1 of 1 check failed — …' }, 'deployment d-123');
 * ```
 */
export async function sendHookStatus(
  ids: HookIds,
  verdict: HookVerdict,
  subject: string,
): Promise<HookVerdict> {
  const line = `Reporting ${verdict.status} for ${subject}: ${verdict.reason}`;
  if (verdict.status === 'Succeeded') logger.info(line, { status: verdict.status });
  else logger.error(line, { status: verdict.status });
  const unreportable = unreportableIds(ids);
  if (unreportable) throw new UnreportableIdsError(`no status sent: ${unreportable}`);
  await reporter().send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: ids.deploymentId,
      lifecycleEventHookExecutionId: ids.lifecycleEventHookExecutionId,
      status: verdict.status,
    }),
  );
  return verdict;
}

/** A second status for a finished hook answers LifecycleEventAlreadyCompletedException: already reported. */
export function isAlreadyReported(error: unknown): boolean {
  return awsErrorName(error) === 'LifecycleEventAlreadyCompletedException';
}

/**
 * True when no retry can report the status (unknown deployment or hook execution, invalid ids): the
 * guard then logs and counts it (`ResultUnreportable`) instead of failing the invocation into retries.
 */
export function isUnreportable(error: unknown): boolean {
  return UNREPORTABLE.has(awsErrorName(error) ?? '');
}
