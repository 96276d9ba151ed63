import type { EcsHookEvent } from './event';
import type { EcsServiceDeployment } from './service-deployment';

/** Statuses of a service deployment ECS is rolling back. */
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

/**
 * Why the hook is being called for a rollback, or `undefined` for a deployment going forward. ECS has no
 * rollback stage: it calls the hooks of `TEST_TRAFFIC_SHIFT` and `PRODUCTION_TRAFFIC_SHIFT` again while
 * traffic shifts back. The ECS developer guide's sign is in the event: at those stages the target (green)
 * revision has weight 0 and another revision 100. The service deployment's status (`ROLLBACK_REQUESTED`,
 * `ROLLBACK_IN_PROGRESS`), when known, says it too. Either is enough.
 *
 * @example
 * ```ts
 * rollbackReason(hook, 'PRODUCTION_TRAFFIC_SHIFT'); // 'production traffic shifts back: …/1920498462936580504 100%, the target revision 0%'
 * ```
 */
export function rollbackReason(
  hook: EcsHookEvent,
  stage: string | undefined,
  deployment?: EcsServiceDeployment,
): string | undefined {
  if (deployment && ROLLING_BACK.has(deployment.status)) {
    return `the service deployment is ${deployment.status} (${deployment.rollbackReason ?? 'no reason given'})`;
  }
  const shift =
    stage === 'PRODUCTION_TRAFFIC_SHIFT'
      ? { traffic: 'production', weights: hook.productionWeights }
      : stage === 'TEST_TRAFFIC_SHIFT'
        ? { traffic: 'test', weights: hook.testWeights }
        : undefined;
  if (!shift || shift.weights[hook.targetRevisionArn] !== 0) return undefined;
  const back = Object.entries(shift.weights).find(
    ([arn, weight]) => arn !== hook.targetRevisionArn && weight === 100,
  );
  return back && `${shift.traffic} traffic shifts back: ${back[0]} 100%, the target revision 0%`;
}
