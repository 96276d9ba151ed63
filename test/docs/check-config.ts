import { join } from 'node:path';
import * as z from 'zod';
import { type DeployerKind, parseCheckConfig } from '../../functions/deploy-hook/deployment-config';
import { channelSettings } from '../../functions/chat-delivery/channels';
import { webhookUrlProblem } from '../../functions/chat-delivery/webhook-url';
import { camelCase } from '../../functions/lib/config';
import { notifierConfigSchema } from '../../functions/notifier/config';
import { taskRegistry } from '../../functions/pipeline-action/tasks/registry';
import { loadProject } from '../../local/template/project';
import { parseParameterOverrides, readSamconfig } from '../../local/template/samconfig';

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

const known = new Map<string, string[]>();

/** The stacks' configuration paths: ConfigPath of every samconfig environment and the template default. */
function configPaths(rootDir: string): string[] {
  const cached = known.get(rootDir);
  if (cached) return cached;
  const paths = new Set<string>();
  const fallback = loadProject({ rootDir }).template.Parameters?.ConfigPath?.Default;
  if (typeof fallback === 'string') paths.add(fallback);
  for (const env of Object.values(readSamconfig(join(rootDir, 'samconfig.toml')))) {
    for (const table of Object.values(env)) {
      const overrides = table.parameter_overrides;
      const path =
        typeof overrides === 'string' || Array.isArray(overrides)
          ? parseParameterOverrides(overrides).ConfigPath
          : undefined;
      if (path) paths.add(path);
    }
  }
  known.set(rootDir, [...paths]);
  return [...paths];
}

/**
 * Problems of a deploy-hook parameter's JSON, as the hook validates it: its checks and their options,
 * `when` naming CodeDeploy lifecycle events (`codedeploy`) or ECS stages (`ecs`).
 */
function checkHookConfig(document: unknown, where: string, kind: DeployerKind): string[] {
  try {
    parseCheckConfig(JSON.stringify(document), where, kind);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * Problems of a chat channel's parameter (`notifier/channels/<name>/<key>`): a key channels have, a value
 * it takes; a webhook URL must be a SecureString the chat delivery can post to (`{{endpoint}}`, in the
 * local state, is the loopback endpoint's address).
 */
function checkChannelParameter(name: string, key: string, value: string, type: string): string[] {
  const shape = channelSettings.unwrap().shape as Record<string, z.ZodType>;
  const field = camelCase(key);
  if (!Object.hasOwn(shape, field)) return [`${name}: a chat channel has no key ${key}`];
  if (field === 'webhookUrl') {
    const problem = webhookUrlProblem(value.replaceAll('{{endpoint}}', 'http://127.0.0.1'));
    if (type !== 'SecureString') return [`${name}: a webhook URL must be a SecureString`];
    return problem ? [`${name}: ${problem}`] : [];
  }
  const result = shape[field]!.safeParse(value);
  return result.success ? [] : [`${name}: ${issues(result.error)}`];
}

/** Problems of a pipeline action's UserParameters JSON (`{"task": …, …}`). */
export function checkUserParameters(document: Record<string, unknown>, where: string): string[] {
  const { task, ...params } = document;
  const definition = taskRegistry.get(String(task));
  if (!definition) return [`${where}: unknown task "${String(task)}"`];
  const result = definition.params.safeParse(params);
  return result.success ? [] : [`${where} (${String(task)}): ${issues(result.error)}`];
}

/**
 * Problems of a documented Parameter Store parameter: it must sit under a stack's configuration path,
 * in a section a function reads (`notifier/channels/<name>/<key>`, a chat channel's; `notifier/<key>`
 * with a key of the notifier's schema and a value it
 * accepts; `deploy-hook/apps/<app>`, `deploy-hook/groups/<app>/<group>` or `deploy-hook/ecs/<cluster>/<service>`
 * with valid checks).
 *
 * @example
 * ```ts
 * checkParameter('/pipewright/dev/notifier/notify-on', 'FAILED', 'StringList', root); // ['… notify-on: no such key …']
 * ```
 */
export function checkParameter(name: string, value: string, type: string, rootDir: string): string[] {
  const base = configPaths(rootDir).find((path) => name.startsWith(path));
  if (!base) return [`${name}: not under a stack's ConfigPath (${configPaths(rootDir).join(', ')})`];
  const [section, ...rest] = name.slice(base.length).split('/');
  if (!['String', 'StringList', 'SecureString'].includes(type)) return [`${name}: unknown type ${type}`];
  if (section === 'notifier' && rest[0] === 'channels' && rest.length === 3) {
    return checkChannelParameter(name, rest[2]!, value, type);
  }
  if (section === 'notifier' && rest.length === 1) {
    const shape = notifierConfigSchema.unwrap().shape as Record<string, z.ZodType>;
    const key = camelCase(rest[0]!);
    if (!Object.hasOwn(shape, key)) return [`${name}: the notifier has no key ${rest[0]}`];
    const result = shape[key]!.safeParse(value);
    return result.success ? [] : [`${name}: ${issues(result.error)}`];
  }
  const hookKind =
    (rest[0] === 'apps' && rest.length === 2) || (rest[0] === 'groups' && rest.length === 3)
      ? 'codedeploy'
      : rest[0] === 'ecs' && rest.length === 3
        ? 'ecs'
        : undefined;
  if (section === 'deploy-hook' && hookKind) {
    try {
      return checkHookConfig(JSON.parse(value), name, hookKind);
    } catch (error) {
      return [`${name}: not JSON (${(error as Error).message})`];
    }
  }
  return [`${name}: no function reads ${section}/${rest.join('/')}`];
}

/** Problems of a documented JSON example: hook configuration, UserParameters, or a Chatbot message. */
export function checkJsonExample(document: unknown, where: string): string[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return [];
  const record = document as Record<string, unknown>;
  if ('checks' in record) {
    const asCodeDeploy = checkHookConfig(record, where, 'codedeploy');
    return asCodeDeploy.length && checkHookConfig(record, where, 'ecs').length === 0 ? [] : asCodeDeploy;
  }
  if ('task' in record) return checkUserParameters(record, where);
  if (record.source === 'custom') {
    return record.version === '1.0' && typeof record.content === 'object'
      ? []
      : [`${where}: a Chatbot custom notification needs version "1.0" and content`];
  }
  return [];
}
