import * as z from 'zod';
import { configPath, loadConfig, setting } from '../lib/config';
import { ConfigurationError } from '../lib/errors';
import { parseJson, parsePayload } from '../lib/schema';
import { checks } from './checks';
import type { CheckDefinition } from './checks/check';
import type { DeploymentTarget } from './deployment';

/** CodeDeploy lifecycle events a Lambda function can serve as a hook (Lambda and ECS deployments). */
export const lifecycleEvents = z.enum([
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
]);

const checkEntry = z.looseObject({
  check: z.string().min(1),
  when: z.array(lifecycleEvents).min(1).optional(),
});
const appConfig = z.strictObject({ checks: z.array(checkEntry) });

/**
 * The `deploy-hook/` section, loaded on its own. Raw values: each application's JSON is validated only
 * when that application deploys. Names below `apps/` and `groups/` are CodeDeploy names, kept as written
 * (`orders-api` and `ordersApi` differ).
 */
const sectionSchema = setting.section({
  apps: z.record(z.string(), z.unknown()).default({}),
  groups: z.record(z.string(), z.unknown()).default({}),
});

const RAW_KEYS = ['apps', 'groups'];

/** A check as configured: its definition, validated options, and the lifecycle events it is limited to. */
export interface ConfiguredCheck {
  definition: CheckDefinition;
  options: unknown;
  when?: Array<z.infer<typeof lifecycleEvents>>;
}

/** The checks configured for a deployment, and the parameter they came from. */
interface CheckConfig {
  parameter: string;
  checks: ConfiguredCheck[];
}

/**
 * Loads the checks configured for a deployment. The deployment group's parameter
 * `<config path>/deploy-hook/groups/<application>/<deployment-group>` wins over the application's
 * `<config path>/deploy-hook/apps/<application>`; with neither, returns `undefined` (the default applies).
 * Each holds `{"checks":[{"check":"<name>", "when"?: [...], ...options}]}`.
 *
 * @example
 * ```ts
 * await loadCheckConfig(target); // { parameter: '/pipewright/dev/deploy-hook/apps/orders', checks: [...] }
 * ```
 */
export async function loadCheckConfig(target: DeploymentTarget): Promise<CheckConfig | undefined> {
  const root = configPath();
  const prefix = `${root === '/' ? '' : root}/deploy-hook`;
  const section = await loadConfig(sectionSchema, { path: prefix, rawKeysBelow: RAW_KEYS });
  const { application, deploymentGroup } = target;
  const candidates = [
    {
      parameter: `${prefix}/groups/${application}/${deploymentGroup}`,
      value: child(child(section.groups, application), deploymentGroup),
    },
    { parameter: `${prefix}/apps/${application}`, value: child(section.apps, application) },
  ];
  const found = candidates.find((candidate) => candidate.value !== undefined);
  return found && { parameter: found.parameter, checks: parseChecks(found.value, found.parameter) };
}

/** `node[key]` if it is an own entry (an application named `constructor` is not `Object`). */
function child(node: unknown, key: string): unknown {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, key)
    ? (node as Record<string, unknown>)[key]
    : undefined;
}

function parseChecks(value: unknown, parameter: string): ConfiguredCheck[] {
  const document = typeof value === 'string' ? parseJson(value, parameter) : value;
  const config = parsePayload(appConfig, document, parameter);
  return config.checks.map(({ check: name, when, ...rest }, index) => {
    const definition = checks.get(name);
    if (!definition) {
      throw new ConfigurationError(
        `${parameter}.checks.${index}.check: unknown check "${name}" (known: ${[...checks.keys()].join(', ')})`,
      );
    }
    const options = parsePayload(definition.options, rest, `${parameter}.checks.${index}`);
    return { definition, options, ...(when ? { when } : {}) };
  });
}
