import type { DeploymentTarget } from './deployment';

/**
 * The Amazon ECS service an ECS native (blue/green, linear, canary) deployment is deploying, as its
 * lifecycle hook sees it.
 */
export interface EcsServiceTarget {
  kind: 'ecs-service';
  cluster: string;
  service: string;
  serviceArn: string;
  /** The service revision being deployed (the green one). */
  targetRevisionArn: string;
  serviceDeploymentArn: string;
  /** The lifecycle stage the hook serves (`POST_TEST_TRAFFIC_SHIFT`…), when it could be told. */
  stage?: string;
}

/** What a check validates: a CodeDeploy deployment (Lambda or ECS AppSpec) or an ECS service deployment. */
export type CheckTarget = DeploymentTarget | EcsServiceTarget;

/**
 * True for a CodeDeploy deployment (it has an AppSpec resource), false for an ECS native service deployment.
 *
 * @example
 * ```ts
 * if (!isCodeDeployTarget(target) || target.resource.kind !== 'lambda') throw new ConfigurationError('…');
 * ```
 */
export function isCodeDeployTarget(target: CheckTarget): target is DeploymentTarget {
  return 'resource' in target;
}

/**
 * What log lines call a target: `orders-api:8 (alias live, from version 7)`, `ECS task definition …:12
 * (container web:8080)` or `ECS service orders/web, revision …/9313423515462893900`.
 *
 * @example
 * ```ts
 * logger.error(`Check http FAILED on ${describeTarget(target)}: …`);
 * ```
 */
export function describeTarget(target: CheckTarget): string {
  if (!isCodeDeployTarget(target)) {
    const revision = target.targetRevisionArn.split('/').at(-1);
    return `ECS service ${target.cluster}/${target.service}, revision ${revision}`;
  }
  const { resource } = target;
  if (resource.kind === 'lambda') {
    return `${resource.functionName}:${resource.targetVersion} (alias ${resource.alias}, from version ${resource.currentVersion})`;
  }
  return `ECS task definition ${resource.taskDefinition} (container ${resource.containerName}:${resource.containerPort})`;
}
