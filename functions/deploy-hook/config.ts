import * as z from 'zod';
import { loadConfig, sectionPath, setting } from '../lib/config';
import type { DeploymentTarget } from './deployment';
import { type CheckConfig, type DeployerKind, parseCheckConfig } from './deployment-config';

/** The hook's section below the configuration path. */
const SECTION = 'deploy-hook';

/**
 * The `deploy-hook/` section, loaded on its own: `apps/<application>`, `groups/<application>/<deployment-group>`
 * and `ecs/<cluster>/<service>`, each one JSON value. Raw values: each JSON is validated only when its
 * deployment runs. Names below them are AWS names (records), kept as written (`orders-api` and
 * `ordersApi` differ); any other parameter under `deploy-hook/` is reported as unknown.
 */
const sectionSchema = setting.section({
  apps: z.record(z.string(), z.string()).default({}),
  groups: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  ecs: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});

/**
 * Loads the checks configured for a CodeDeploy deployment. The deployment group's parameter
 * `<config path>/deploy-hook/groups/<application>/<deployment-group>` wins over the application's
 * `<config path>/deploy-hook/apps/<application>`; with neither, returns `undefined` (the default applies).
 * Each holds `{"listeners"?: {...}, "checks":[{"check":"<name>", "when"?: [...], ...options}]}`.
 *
 * @example
 * ```ts
 * await loadCheckConfig(target); // { parameter: '/pipewright/dev/deploy-hook/apps/orders', checks: [...], listeners: {} }
 * ```
 */
export function loadCheckConfig(target: DeploymentTarget): Promise<CheckConfig | undefined> {
  const { application: app, deploymentGroup: group } = target;
  const [groupName, appName] = deploymentNames(target);
  return loadFirst('codedeploy', (s) => [
    [groupName, child(child(s.groups, app), group)],
    [appName, child(s.apps, app)],
  ]);
}

/** The names below `deploy-hook/` that can configure a CodeDeploy deployment: the group's, then the application's. */
const deploymentNames = ({ application, deploymentGroup }: DeploymentTarget): [string, string] => [
  `groups/${application}/${deploymentGroup}`,
  `apps/${application}`,
];

/** The name below `deploy-hook/` that configures an Amazon ECS service. */
const serviceName = (cluster: string, service: string) => `ecs/${cluster}/${service}`;

/**
 * The parameters that can configure a CodeDeploy deployment's checks (the group's, then the
 * application's), for messages that say what to create.
 *
 * @example
 * ```ts
 * deploymentConfigParameters(target); // ['/pipewright/dev/deploy-hook/groups/orders/orders-dg', '/pipewright/dev/deploy-hook/apps/orders']
 * ```
 */
export function deploymentConfigParameters(target: DeploymentTarget): string[] {
  return deploymentNames(target).map(parameterName);
}

/**
 * The parameter that configures an Amazon ECS service's checks, for messages that say what to create.
 *
 * @example
 * ```ts
 * serviceConfigParameter('orders', 'web'); // '/pipewright/dev/deploy-hook/ecs/orders/web'
 * ```
 */
export function serviceConfigParameter(cluster: string, service: string): string {
  return parameterName(serviceName(cluster, service));
}

/**
 * Loads the checks configured for an Amazon ECS service, `<config path>/deploy-hook/ecs/<cluster>/<service>`
 * (cluster and service names, not ARNs); `undefined` when there is none. Its `when` names ECS stages.
 *
 * @example
 * ```ts
 * await loadServiceConfig('orders', 'web'); // { parameter: '/pipewright/dev/deploy-hook/ecs/orders/web', … }
 * ```
 */
export function loadServiceConfig(cluster: string, service: string): Promise<CheckConfig | undefined> {
  return loadFirst('ecs', (s) => [[serviceName(cluster, service), child(child(s.ecs, cluster), service)]]);
}

type Section = z.output<typeof sectionSchema>;

/** The first candidate `[name below deploy-hook/, value]` that is configured, parsed. */
async function loadFirst(
  kind: DeployerKind,
  candidates: (section: Section) => Array<[string, string | undefined]>,
): Promise<CheckConfig | undefined> {
  const { config: section, secureParameters } = await loadConfig(sectionSchema, { section: SECTION });
  const found = candidates(section).find(([, value]) => value !== undefined);
  if (found?.[1] === undefined) return undefined;
  const parameter = parameterName(found[0]);
  return parseCheckConfig(found[1], parameter, kind, secureParameters.has(parameter));
}

/** The full Parameter Store name of a name below `deploy-hook/`. */
const parameterName = (name: string) => `${sectionPath(SECTION)}/${name}`;

/** `node[key]` if it is an own entry (an application named `toString` is not `Object.prototype`'s). */
function child<T>(node: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return node !== undefined && Object.hasOwn(node, key) ? node[key] : undefined;
}
