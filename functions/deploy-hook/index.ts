import type { Context } from 'aws-lambda';
import { instrument } from '../lib/observability';
import type { EcsHookAnswer } from './ecs/answer';
import { runHook } from './hook';
import type { HookVerdict } from './run-checks';

/** An event carrying a CodeDeploy hook id: served as a CodeDeploy lifecycle hook, never as an ECS one. */
type CodeDeployShaped = { DeploymentId: unknown } | { LifecycleEventHookExecutionId: unknown };

const instrumented = instrument(runHook);

/**
 * The Lambda entry: a CodeDeploy lifecycle hook (BeforeAllowTraffic / AfterAllowTraffic …) reports its
 * verdict to CodeDeploy and returns it; an Amazon ECS lifecycle hook returns its answer
 * (`{hookStatus, …}`). See docs/deploy-hook.md.
 *
 * @example
 * ```ts
 * await handler({ DeploymentId: 'd-7KQ2M4XAB', LifecycleEventHookExecutionId: '…' }, context); // { status: 'Succeeded', reason: '2 checks passed' }
 * ```
 */
export function handler(event: CodeDeployShaped, context: Context): Promise<HookVerdict>;
export function handler(event: unknown, context: Context): Promise<HookVerdict | EcsHookAnswer>;
export function handler(event: unknown, context: Context): Promise<HookVerdict | EcsHookAnswer> {
  return instrumented(event, context);
}
