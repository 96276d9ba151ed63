import {
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { lazyClient } from '../../lib/clients';
import { ConfigurationError, awsErrorName, describeError } from '../../lib/errors';
import { hookCall } from '../aws-call';
import type { EcsHookEvent } from './event';

const ecs = lazyClient(ECSClient);

/** Statuses of a service deployment that may still call its hooks. */
const ACTIVE = ['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'] as const;

/** Pages of ListServiceDeployments read to find the deployment (default: 5; active ones are a handful). */
const MAX_PAGES = 5;

/** ECS errors about the request, which no retry fixes: the service or cluster does not exist (here). */
const NOT_FOUND = new Set([
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'InvalidParameterException',
  'ClientException',
]);

/** The service deployment a hook serves, as `DescribeServiceDeployments` describes it. */
export interface EcsServiceDeployment {
  arn: string;
  /** `IN_PROGRESS`, `ROLLBACK_IN_PROGRESS`… */
  status: string;
  /** Its current lifecycle stage (the stage whose hooks are running). */
  stage?: string;
  /** Why ECS rolls it back, when it does. */
  rollbackReason?: string;
}

/**
 * Describes the service deployment an ECS hook event belongs to: the event's `resourceArn`, or (the
 * earlier payload names none) the active deployment of the service whose target revision is the
 * event's, found with `ListServiceDeployments`. The deployment ECS describes must be of the event's
 * service and target revision: an event about anything else is refused. Throws a `ConfigurationError`
 * saying what is wrong; transient AWS errors are retried within the work budget (`hookCall`).
 *
 * @example
 * ```ts
 * await describeServiceDeployment(hook); // { arn: '…:service-deployment/orders/web/EZe5…', status: 'IN_PROGRESS', stage: 'POST_TEST_TRAFFIC_SHIFT' }
 * ```
 */
export async function describeServiceDeployment(hook: EcsHookEvent): Promise<EcsServiceDeployment> {
  const arn = hook.serviceDeploymentArn ?? (await findDeployment(hook));
  const answer = await ecsCall('DescribeServiceDeployments', hook, () =>
    ecs().send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })),
  );
  const found = answer.serviceDeployments?.find((d) => d.serviceDeploymentArn === arn);
  if (!found) {
    const failure = answer.failures?.find((f) => f.arn === arn) ?? answer.failures?.[0];
    const why = failure ? ` (${[failure.reason, failure.detail].filter(Boolean).join(': ')})` : '';
    throw new ConfigurationError(`ECS does not describe service deployment ${arn}${why}`);
  }
  checkBelongs(found, hook);
  return {
    arn,
    status: found.status ?? 'UNKNOWN',
    ...(found.lifecycleStage ? { stage: found.lifecycleStage } : {}),
    ...(found.rollback ? { rollbackReason: found.rollback.reason ?? 'no reason given' } : {}),
  };
}

/** The newest active deployment of the event's service that targets the event's revision. */
async function findDeployment(hook: EcsHookEvent): Promise<string> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await ecsCall('ListServiceDeployments', hook, () =>
      ecs().send(
        new ListServiceDeploymentsCommand({
          cluster: hook.cluster,
          service: hook.service,
          status: [...ACTIVE],
          nextToken,
        }),
      ),
    );
    const match = (answer.serviceDeployments ?? [])
      .filter((d) => d.targetServiceRevisionArn === hook.targetRevisionArn && d.serviceDeploymentArn)
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
    if (match) return match.serviceDeploymentArn!;
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  throw new ConfigurationError(
    `No active service deployment of ${hook.cluster}/${hook.service} targets revision ${hook.targetRevisionArn} ` +
      `(ListServiceDeployments, status ${ACTIVE.join(', ')}): the event is not about a deployment ECS is running`,
  );
}

function checkBelongs(found: ServiceDeployment, hook: EcsHookEvent): void {
  const target = found.targetServiceRevision?.arn;
  if (found.serviceArn === hook.serviceArn && (target === undefined || target === hook.targetRevisionArn))
    return;
  throw new ConfigurationError(
    `Service deployment ${found.serviceDeploymentArn ?? ''} deploys ${target ?? 'another revision'} of ` +
      `${found.serviceArn ?? 'another service'}, not the event's ${hook.targetRevisionArn}: the event does not match what ECS runs`,
  );
}

/** An ECS call of the hook: not-found answers become a `ConfigurationError` naming the service. */
async function ecsCall<T>(call: string, hook: EcsHookEvent, send: () => Promise<T>): Promise<T> {
  try {
    return await hookCall(call, `ecs:${call}`, send);
  } catch (error) {
    if (!NOT_FOUND.has(awsErrorName(error) ?? '')) throw error;
    throw new ConfigurationError(
      `${call} for service ${hook.cluster}/${hook.service} answered ${describeError(error)} ` +
        '(the hook reads ECS in its own account and region)',
      { cause: error },
    );
  }
}
