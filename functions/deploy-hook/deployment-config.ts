import * as z from 'zod';
import { ConfigurationError } from '../lib/errors';
import { httpUrl } from '../lib/http/expectation';
import { parseJson, parsePayload } from '../lib/schema';
import { checks } from './checks';
import type { CheckDefinition, Listeners } from './checks/check';

/** CodeDeploy lifecycle events a Lambda function can serve as a hook (Lambda and ECS deployments). */
const lifecycleEvents = z.enum([
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
]);

/** The lifecycle stages of an Amazon ECS service deployment at which ECS can invoke a Lambda hook. */
const ecsLifecycleStages = z.enum([
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
]);

/** Who deploys: a CodeDeploy deployment (its `when` names lifecycle events) or ECS itself (stages). */
export type DeployerKind = 'codedeploy' | 'ecs';

const whenValues = { codedeploy: lifecycleEvents, ecs: ecsLifecycleStages };

/** One parameter's JSON: the checks, and the listener URLs an `http` check may name instead of a URL. */
const deploymentConfig = (kind: DeployerKind) =>
  z.strictObject({
    listeners: z.strictObject({ test: httpUrl.optional(), production: httpUrl.optional() }).optional(),
    checks: z.array(
      z.looseObject({
        check: z.string().min(1),
        when: z.array(whenValues[kind]).min(1).optional(),
        /** The longest a check may take from its first attempt, across ECS hook invocations. */
        withinSeconds: z.number().int().min(1).max(86_400).optional(),
      }),
    ),
  });

/** A check as configured: its definition, validated options, and where and how long it may run. */
export interface ConfiguredCheck {
  definition: CheckDefinition;
  options: unknown;
  /** The lifecycle events (CodeDeploy) or stages (ECS) the check is limited to (default: all). */
  when?: string[];
  withinSeconds?: number;
}

/** The checks configured for a deployment, the parameter they came from, and its listener URLs. */
export interface CheckConfig {
  parameter: string;
  checks: ConfiguredCheck[];
  listeners: Listeners;
}

/**
 * Validates one parameter's JSON: its shape, every check's name and options (a SecureString's values
 * described by type and length only). Throws a {@link ConfigurationError} naming the parameter and field.
 *
 * @example
 * ```ts
 * parseCheckConfig('{"checks":[{"check":"ping"}]}', '/pipewright/dev/deploy-hook/ecs/orders/web', 'ecs');
 * // ConfigurationError: /pipewright/dev/deploy-hook/ecs/orders/web.checks.0.check: unknown check "ping" (known: …)
 * ```
 */
export function parseCheckConfig(
  value: string,
  parameter: string,
  kind: DeployerKind,
  secure = false,
): CheckConfig {
  const hide = secure ? { secret: () => true } : {};
  const config = parsePayload(deploymentConfig(kind), parseJson(value, parameter), parameter, hide);
  const parsed = config.checks.map(({ check: name, when, withinSeconds, ...rest }, index) => {
    const definition = checks.get(name);
    if (!definition) {
      throw new ConfigurationError(
        `${parameter}.checks.${index}.check: unknown check "${name}" (known: ${[...checks.keys()].join(', ')})`,
      );
    }
    const options = parsePayload(definition.options, rest, `${parameter}.checks.${index}`, hide);
    return { definition, options, ...(when ? { when } : {}), ...(withinSeconds ? { withinSeconds } : {}) };
  });
  return { parameter, checks: parsed, listeners: config.listeners ?? {} };
}
