import * as z from 'zod';
import { checkEventSize } from '../../lib/event-size';
import { parsePayload } from '../../lib/schema';
import { arnParts, sameService } from './arn';

/** Keys only an Amazon ECS lifecycle hook event has (the current envelope, and the older flat payload). */
const ECS_KEYS = ['executionDetails', 'lifecycleStage', 'serviceArn', 'targetServiceRevisionArn'];
/** Keys of a CodeDeploy lifecycle hook event. */
const CODEDEPLOY_KEYS = ['DeploymentId', 'LifecycleEventHookExecutionId'];

const weights = z.record(z.string(), z.number()).default({});
const executionDetails = z.object({
  serviceArn: z.string(),
  targetServiceRevisionArn: z.string(),
  testTrafficWeights: weights,
  productionTrafficWeights: weights,
});
const hookDetails = z.record(z.string(), z.unknown()).default({});
const envelope = z.object({
  executionId: z.string().min(1).max(1_000).optional(),
  lifecycleStage: z.string().min(1).max(100).optional(),
  resourceArn: z.string().optional(),
  executionDetails,
  hookDetails,
});
/** The earlier payload, the `executionDetails` fields at the top, read into the envelope's shape. */
const flat = executionDetails
  .extend({ hookDetails })
  .transform(({ hookDetails: passed, ...details }) => ({ executionDetails: details, hookDetails: passed }));

/** An Amazon ECS lifecycle hook invocation, as the hook uses it. */
export interface EcsHookEvent {
  serviceArn: string;
  cluster: string;
  service: string;
  /** The service revision being deployed (green), also while traffic shifts back in a rollback. */
  targetRevisionArn: string;
  /** The stage, when the event names it (`lifecycleStage` of the current payload). */
  stage?: string;
  /** The service deployment (`resourceArn` of the current payload), when the event names it. */
  serviceDeploymentArn?: string;
  executionId?: string;
  testWeights: Record<string, number>;
  productionWeights: Record<string, number>;
  /** What ECS passes in: the service definition's `hookDetails` merged with what earlier answers returned. */
  hookDetails: Record<string, unknown>;
}

/**
 * True when an event has the shape of an Amazon ECS lifecycle hook event — one of its keys
 * (`executionDetails`, `lifecycleStage`, `serviceArn`, `targetServiceRevisionArn`) and neither of a
 * CodeDeploy hook event's — whether or not its values are right (that is {@link parseEcsHookEvent}'s job).
 *
 * @example
 * ```ts
 * isEcsHookEvent({ executionId: 'e8d5…', lifecycleStage: 'POST_SCALE_UP', executionDetails: {} }); // true
 * isEcsHookEvent({ DeploymentId: 'd-1', LifecycleEventHookExecutionId: 'x' }); // false
 * ```
 */
export function isEcsHookEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  const has = (key: string) => Object.hasOwn(event, key);
  return ECS_KEYS.some(has) && !CODEDEPLOY_KEYS.some(has);
}

/**
 * Parses an ECS lifecycle hook event: the documented envelope `{executionId, lifecycleStage, resourceArn,
 * executionDetails: {serviceArn, targetServiceRevisionArn, testTrafficWeights, productionTrafficWeights},
 * hookDetails?}`, or the earlier flat payload (the `executionDetails` fields at the top). The service and
 * revision must be ECS ARNs of the same cluster and service; a `resourceArn` that is a service deployment
 * must be one of that service too. Throws a `ConfigurationError` naming each wrong field.
 *
 * @example
 * ```ts
 * parseEcsHookEvent(event); // { cluster: 'my-cluster', service: 'my-service', stage: 'POST_TEST_TRAFFIC_SHIFT', … }
 * ```
 */
export function parseEcsHookEvent(event: unknown): EcsHookEvent {
  checkEventSize(event, { what: 'The ECS hook event', kind: 'an Amazon ECS lifecycle hook event' });
  const wrapped = Object.hasOwn(event as object, 'executionDetails');
  const raw: Partial<z.output<typeof envelope>> & z.output<typeof flat> = parsePayload(
    wrapped ? envelope : flat,
    event,
    'ECS hook event',
  );
  const details = raw.executionDetails;
  const at = wrapped ? 'executionDetails.' : '';
  const service = arnParts(details.serviceArn, 'service', `${at}serviceArn`);
  sameService(service, details.targetServiceRevisionArn, 'service-revision', `${at}targetServiceRevisionArn`);
  const deploymentArn = raw.resourceArn?.includes(':service-deployment/') ? raw.resourceArn : undefined;
  if (deploymentArn) sameService(service, deploymentArn, 'service-deployment', 'resourceArn');
  return {
    serviceArn: details.serviceArn,
    ...service,
    targetRevisionArn: details.targetServiceRevisionArn,
    ...(raw.lifecycleStage ? { stage: raw.lifecycleStage } : {}),
    ...(deploymentArn ? { serviceDeploymentArn: deploymentArn } : {}),
    ...(raw.executionId ? { executionId: raw.executionId } : {}),
    testWeights: details.testTrafficWeights,
    productionWeights: details.productionTrafficWeights,
    hookDetails: raw.hookDetails,
  };
}
