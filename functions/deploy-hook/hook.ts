import { PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import type { Context } from 'aws-lambda';
import { awsErrorName, describeError } from '../lib/errors';
import { correlate, logger } from '../lib/observability';
import { reportOnce } from '../lib/report-once';
import { codedeploy, describeDeployment } from './deployment';
import { parseHookEvent } from './event';
import { runChecks, type HookVerdict } from './run-checks';

/**
 * Errors of `PutLifecycleEventHookExecutionStatus` that no retry can fix: the deployment or the hook
 * execution does not exist (any more), or the ids are invalid. Reported as unreportable, not retried.
 */
const UNREPORTABLE = new Set([
  'DeploymentDoesNotExistException',
  'DeploymentIdRequiredException',
  'InvalidDeploymentIdException',
  'InvalidLifecycleEventHookExecutionIdException',
  'UnsupportedActionForDeploymentTypeException',
]);

/**
 * Serves one CodeDeploy lifecycle hook invocation: validates the event (no AWS call if it is malformed),
 * then, under the report-once guard, reads the deployment, runs its checks and reports exactly one
 * status. `PutLifecycleEventHookExecutionStatus` has no message field, so the reason goes to the log.
 * A status CodeDeploy cannot accept (unknown deployment, invalid ids) is logged and counted, not retried.
 *
 * @example
 * ```ts
 * export const handler = instrument(runHook);
 * ```
 */
export async function runHook(event: unknown, context: Context): Promise<HookVerdict> {
  const { DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookId } = parseHookEvent(event);
  correlate({ deploymentId, lifecycleEventHookExecutionId: hookId });
  let subject = `deployment ${deploymentId}`;
  return reportOnce<HookVerdict>(context, {
    subject: `hook ${hookId} of ${deploymentId}`,
    async work() {
      const target = await describeDeployment(deploymentId, context.functionName);
      const lifecycleEvent = target.lifecycleEvents.length === 1 ? target.lifecycleEvents[0] : 'unknown';
      correlate({
        application: target.application,
        deploymentGroup: target.deploymentGroup,
        computePlatform: target.computePlatform,
        lifecycleEvent,
      });
      subject = `deployment ${deploymentId} (${lifecycleEvent}, ${target.application}/${target.deploymentGroup})`;
      return runChecks(target);
    },
    failure: (error) => ({ status: 'Failed', reason: describeError(error) }),
    async report(verdict) {
      const line = `Reporting ${verdict.status} for ${subject}: ${verdict.reason}`;
      if (verdict.status === 'Succeeded') logger.info(line, { status: verdict.status });
      else logger.error(line, { status: verdict.status });
      await codedeploy().send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId,
          lifecycleEventHookExecutionId: hookId,
          status: verdict.status,
        }),
      );
      return verdict;
    },
    isAlreadyReported: (error) => awsErrorName(error) === 'LifecycleEventAlreadyCompletedException',
    isUnreportable: (error) => UNREPORTABLE.has(awsErrorName(error) ?? ''),
  });
}
