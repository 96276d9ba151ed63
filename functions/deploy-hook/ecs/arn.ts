import { ConfigurationError } from '../../lib/errors';
import { truncate } from '../../lib/text';

/** `arn:aws:ecs:<region>:<account>:<resource>/<cluster>/<service>[/<id>]`. */
const ECS_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:(service|service-revision|service-deployment)\/([^/]+)\/([^/]+)(\/[^/]+)?$/;

/** The ECS resources a hook event names by ARN. */
type Resource = 'service' | 'service-revision' | 'service-deployment';

/** A cluster and a service, by name. */
interface ServiceName {
  cluster: string;
  service: string;
}

/**
 * The cluster and service an ECS ARN of `resource` names (a service ARN has nothing after them, a
 * revision or deployment ARN its id). Throws a `ConfigurationError` naming the event's `field`.
 *
 * @example
 * ```ts
 * arnParts('arn:aws:ecs:eu-west-1:123456789012:service/shop-prod/checkout', 'service', 'serviceArn');
 * // { cluster: 'shop-prod', service: 'checkout' }
 * ```
 */
export function arnParts(arn: string, resource: Resource, field: string): ServiceName {
  const match = ECS_ARN.exec(arn);
  if (!match || match[1] !== resource || (match[4] === undefined) !== (resource === 'service')) {
    const id = resource === 'service' ? '' : '/<id>';
    throw new ConfigurationError(
      `ECS hook event.${field}: expected an ECS ${resource} ARN (arn:aws:ecs:<region>:<account>:${resource}/<cluster>/<service>${id}), got ${JSON.stringify(truncate(arn, 200))}`,
    );
  }
  return { cluster: match[2]!, service: match[3]! };
}

/**
 * Checks that `arn`, a revision or deployment ARN, belongs to `service`; throws a `ConfigurationError`
 * naming the event's `field` otherwise.
 *
 * @example
 * ```ts
 * sameService({ cluster: 'shop-prod', service: 'checkout' }, revisionArn, 'service-revision', 'targetServiceRevisionArn');
 * ```
 */
export function sameService(service: ServiceName, arn: string, resource: Resource, field: string): void {
  const other = arnParts(arn, resource, field);
  if (other.cluster === service.cluster && other.service === service.service) return;
  throw new ConfigurationError(
    `ECS hook event.${field}: names service ${other.cluster}/${other.service}, but serviceArn names ${service.cluster}/${service.service}`,
  );
}
