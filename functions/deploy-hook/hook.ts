import type { Context } from 'aws-lambda';
import { describeError } from '../lib/errors';
import { correlate } from '../lib/observability';
import { reportOnce } from '../lib/report-once';
import { truncate } from '../lib/text';
import { describeDeployment } from './deployment';
import type { EcsHookAnswer } from './ecs/answer';
import { isEcsHookEvent } from './ecs/event';
import { runEcsHook } from './ecs/hook';
import { checkHookEvent, hookIdsOf } from './event';
import { isAlreadyReported, isUnreportable, sendHookStatus } from './report';
import { runChecks, type HookVerdict } from './run-checks';

/** An id as log lines show it: whole (real ones are < 1000 characters), an absurdly long one cut. */
const shown = (id: string) => truncate(id, 1_000);

/**
 * Serves one lifecycle hook invocation, told apart by the event's shape before any parsing: an Amazon ECS
 * hook event (see `isEcsHookEvent`) gets its answer from `runEcsHook`, which never throws. Anything else
 * is a CodeDeploy hook event: only one without both ids is refused before the guard
 * (`UnsupportedEventError`, no AWS call: there is nothing to report to). Everything after the ids are
 * known runs under the report-once guard — checking the event, reading the deployment, running its
 * checks — so any error there still ends in exactly one reported status (see `report.ts`).
 *
 * @example
 * ```ts
 * export const handler = instrument(runHook);
 * ```
 */
export async function runHook(event: unknown, context: Context): Promise<HookVerdict | EcsHookAnswer> {
  if (isEcsHookEvent(event)) return runEcsHook(event, context);
  const ids = hookIdsOf(event);
  const { deploymentId, lifecycleEventHookExecutionId: hookId } = ids;
  let subject = `deployment ${shown(deploymentId)}`;
  return reportOnce<HookVerdict>(context, {
    subject: `hook ${shown(hookId)} of ${shown(deploymentId)}`,
    async work() {
      checkHookEvent(event, ids);
      correlate({ deploymentId, lifecycleEventHookExecutionId: hookId });
      const target = await describeDeployment(deploymentId, context.functionName);
      const lifecycleEvent = target.lifecycleEvents.length === 1 ? target.lifecycleEvents[0] : 'unknown';
      correlate({
        application: target.application,
        deploymentGroup: target.deploymentGroup,
        computePlatform: target.computePlatform,
        lifecycleEvent,
      });
      subject = `${subject} (${lifecycleEvent}, ${target.application}/${target.deploymentGroup})`;
      return runChecks(target);
    },
    failure: (error) => ({ status: 'Failed', reason: describeError(error) }),
    report: (verdict) => sendHookStatus(ids, verdict, subject),
    isAlreadyReported,
    isUnreportable,
  });
}
