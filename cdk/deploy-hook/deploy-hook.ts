import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { deployHook } from '../description/deploy-hook';
import type { Settings } from '../description/settings';
import { anyAboveZero, pipewrightMetric } from '../function/alarms';
import { PipewrightFunction } from '../function/pipewright-function';
import {
  type AlarmedProps,
  failureQueueKeyOf,
  type PipewrightBaseProps,
  resolveSettings,
} from '../function/props';
import { stackScope } from '../function/stack-scope';

/** Props of a {@link PipewrightDeployHook}. */
export interface PipewrightDeployHookProps
  extends
    PipewrightBaseProps,
    AlarmedProps,
    Partial<Pick<Settings, 'hookTargetFunctions' | 'configKmsKeyArn'>> {}

/**
 * The deploy hook: validates a new version before (or after) CodeDeploy shifts traffic to it: finds the
 * target version from the deployment's AppSpec, smoke-invokes it, checks alarms and HTTP endpoints, with
 * per-application rules from Parameter Store (docs/deploy-hook.md). It also serves Amazon ECS native
 * lifecycle hooks, through {@link ecsHookRole}.
 *
 * @example
 * ```ts
 * const hook = new PipewrightDeployHook(this, 'Hook', { hookTargetFunctions: 'orders-*' });
 * hook.attachTo(deploymentGroup); // BeforeAllowTraffic
 * ```
 */
export class PipewrightDeployHook extends Construct {
  readonly function: lambda.Function;
  /**
   * The role Amazon ECS assumes to invoke the hook: the `roleArn` of a service's
   * `deploymentConfiguration.lifecycleHooks` entry whose `hookTargetArn` is the function's ARN.
   */
  readonly ecsHookRole: iam.Role;

  constructor(scope: Construct, id: string, props: PipewrightDeployHookProps = {}) {
    super(scope, id);
    const built = new PipewrightFunction(this, 'DeployHook', {
      description: deployHook,
      scope: stackScope(this, resolveSettings(props)),
      failureQueueKey: failureQueueKeyOf(this, props),
    });
    this.function = built.function;
    this.ecsHookRole = new iam.Role(this, 'EcsHookRole', {
      description:
        'Assumed by Amazon ECS to invoke the pipewright deploy hook at deployment lifecycle stages',
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    });
    this.function.grantInvoke(this.ecsHookRole);
    const unreportable = anyAboveZero(
      this,
      'UnreportableResultsAlarm',
      pipewrightMetric('ResultUnreportable', deployHook.service),
      'A hook result could not be reported and a retry cannot help; the function logs say which.',
    );
    for (const alarm of [...built.alarms, unreportable]) props.notifier?.publishAlarm(alarm);
    props.notifier?.showHealth?.(deployHook.service, built.function, built.failureQueue);
  }

  /**
   * Runs the hook at a Lambda deployment group's BeforeAllowTraffic (`'preTraffic'`) or AfterAllowTraffic
   * (`'postTraffic'`) event. The group's role gets permission to invoke this very function, so it needs
   * no `CodeDeployHook_` name and several hooks can live in one account. (default: `'preTraffic'`)
   *
   * @example
   * ```ts
   * hook.attachTo(group, 'postTraffic');
   * ```
   */
  attachTo(group: codedeploy.LambdaDeploymentGroup, when: 'preTraffic' | 'postTraffic' = 'preTraffic'): void {
    if (when === 'preTraffic') group.addPreHook(this.function);
    else group.addPostHook(this.function);
  }
}
