import * as z from 'zod';
import { loadConfig, sectionPath, setting } from '../lib/config';
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

/** The hook's section below the configuration path. */
const SECTION = 'deploy-hook';

/**
 * The `deploy-hook/` section, loaded on its own: `apps/<application>` and
 * `groups/<application>/<deployment-group>`, each one JSON value. Raw values: each application's JSON
 * is validated only when that application deploys. Names below `apps/` and `groups/` are CodeDeploy
 * names (records), kept as written (`orders-api` and `ordersApi` differ); any other parameter under
 * `deploy-hook/` is reported as unknown.
 */
const sectionSchema = setting.section({
  apps: z.record(z.string(), z.string()).default({}),
  groups: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});

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
  const prefix = sectionPath(SECTION);
  const { config: section, secureParameters } = await loadConfig(sectionSchema, { section: SECTION });
  const { application, deploymentGroup } = target;
  const candidates = [
    {
      parameter: `${prefix}/groups/${application}/${deploymentGroup}`,
      value: child(child(section.groups, application), deploymentGroup),
    },
    { parameter: `${prefix}/apps/${application}`, value: child(section.apps, application) },
  ];
  const found = candidates.find((candidate) => candidate.value !== undefined);
  if (found?.value === undefined) return undefined;
  const secret = secureParameters.has(found.parameter);
  return { parameter: found.parameter, checks: parseChecks(found.value, found.parameter, secret) };
}

/** `node[key]` if it is an own entry (an application named `toString` is not `Object.prototype`'s). */
function child<T>(node: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return node !== undefined && Object.hasOwn(node, key) ? node[key] : undefined;
}

/** Validates one parameter's checks; a SecureString's values are described by type and length only. */
function parseChecks(value: string, parameter: string, secure: boolean): ConfiguredCheck[] {
  const hide = secure ? { secret: () => true } : {};
  const config = parsePayload(appConfig, parseJson(value, parameter), parameter, hide);
  return config.checks.map(({ check: name, when, ...rest }, index) => {
    const definition = checks.get(name);
    if (!definition) {
      throw new ConfigurationError(
        `${parameter}.checks.${index}.check: unknown check "${name}" (known: ${[...checks.keys()].join(', ')})`,
      );
    }
    const options = parsePayload(definition.options, rest, `${parameter}.checks.${index}`, hide);
    return { definition, options, ...(when ? { when } : {}) };
  });
}
