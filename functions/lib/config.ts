import { SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type * as z from 'zod';
import { awsClient } from './clients';
import { ConfigParameterError } from './errors';
import { logger } from './observability';
import { numberSetting, settingDefaults, stringSetting } from './settings';

/** The schema building blocks come with the loader: `import { loadConfig, setting } from '../lib/config'`. */
export { setting } from './config-schema';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Parameter Store path (default: `PIPEWRIGHT_CONFIG_PATH`, else `/pipewright/`). */
  path?: string;
  /** Seconds a loaded path stays cached (default: `PIPEWRIGHT_CONFIG_TTL_SECONDS`, else 300). */
  maxAgeSeconds?: number;
  /** Re-read Parameter Store even if the cache is fresh (default: false). */
  forceFetch?: boolean;
  /**
   * Key paths (camelCase, `/`-separated, e.g. `deployHook/apps`) below which parameter name segments are
   * kept as written instead of camel-cased: for names that are data, such as application names, where
   * `orders-api` and `ordersApi` must stay different keys (default: none).
   */
  rawKeysBelow?: string[];
}

let provider: SSMProvider | undefined;
function ssmProvider(): SSMProvider {
  return (provider ??= new SSMProvider({ awsSdkV3Client: awsClient(SSMClient) }));
}

/** Normalises a configuration path to `/a/b` form (root stays `/`). */
export function normalisePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

/**
 * The configuration path in use, normalised: `option`, else `PIPEWRIGHT_CONFIG_PATH`, else `/pipewright/`.
 *
 * @example
 * ```ts
 * configPath(); // '/pipewright/dev' with PIPEWRIGHT_CONFIG_PATH=/pipewright/dev/
 * ```
 */
export function configPath(option?: string): string {
  return normalisePath(stringSetting(option, 'PIPEWRIGHT_CONFIG_PATH', settingDefaults.configPath));
}

/** `notify-on` → `notifyOn`: parameter names are kebab-case, schema keys camelCase. */
export function camelCase(segment: string): string {
  return segment.replace(/[-_.]+([a-zA-Z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

/**
 * Loads every parameter under a Parameter Store path (recursively, SecureString decrypted) into a
 * nested object — `/pipewright/prod/notifier/notify-on` becomes `{ notifier: { notifyOn } }` — and
 * validates it with `schema`. Reads are cached by Powertools Parameters for `maxAgeSeconds`, and the
 * SSM client retries throttling with the SDK's retry strategy. Values are never logged; a value that
 * does not validate raises {@link ConfigParameterError} naming the parameter.
 *
 * @example
 * ```ts
 * const config = await loadConfig(setting.section({ notifier: notifierConfig }));
 * config.notifier.notifyOn; // ['FAILED', 'STOPPED'] by default
 * ```
 */
export async function loadConfig<S extends z.ZodType>(
  schema: S,
  options: LoadConfigOptions = {},
): Promise<z.output<S>> {
  const path = configPath(options.path);
  const maxAge = numberSetting(
    options.maxAgeSeconds,
    'PIPEWRIGHT_CONFIG_TTL_SECONDS',
    settingDefaults.configTtlSeconds,
  );
  const values = await fetchPath(path, maxAge, options.forceFetch ?? false);
  const { tree, names } = toTree(values, path, options.rawKeysBelow ?? []);
  const parsed = schema.safeParse(tree);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const { name, field } = parameterOf(issue.path.map(String), names, path);
      return { name, message: `${name}${field ? ` (field ${field})` : ''}: ${issue.message}` };
    });
    throw new ConfigParameterError(
      `Invalid configuration under ${path}: ${problems.map((p) => p.message).join('; ')}`,
      problems.map((p) => p.name),
    );
  }
  logger.debug('Configuration loaded', { configPath: path, parameterNames: [...names.values()] });
  return parsed.data;
}

/**
 * Powertools caches non-empty results only; an empty path (the default install) is remembered here,
 * or every invocation of a stack without configuration would call Parameter Store.
 */
const emptyPathsUntil = new Map<string, number>();

async function fetchPath(
  path: string,
  maxAgeSeconds: number,
  forceFetch: boolean,
): Promise<Record<string, unknown>> {
  if (!forceFetch && (emptyPathsUntil.get(path) ?? 0) > Date.now()) return {};
  const values = ((await ssmProvider().getMultiple(path, {
    recursive: true,
    decrypt: true,
    maxAge: maxAgeSeconds,
    forceFetch,
  })) ?? {}) as Record<string, unknown>;
  if (Object.keys(values).length === 0) emptyPathsUntil.set(path, Date.now() + maxAgeSeconds * 1000);
  else emptyPathsUntil.delete(path);
  return values;
}

function toTree(values: Record<string, unknown>, path: string, rawKeysBelow: string[]) {
  const tree: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const prefix = path === '/' ? '' : path;
  for (const [relative, value] of Object.entries(values)) {
    const segments = relative.split('/').filter(Boolean);
    if (segments.length === 0) continue;
    let node = tree;
    const keys: string[] = [];
    for (const segment of segments) {
      const above = keys.join('/');
      const raw = rawKeysBelow.some((key) => above === key || above.startsWith(`${key}/`));
      keys.push(raw ? segment : camelCase(segment));
    }
    keys.slice(0, -1).forEach((key) => {
      const next = node[key];
      node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
    });
    node[keys.at(-1)!] = value;
    names.set(keys.join('/'), `${prefix}/${segments.join('/')}`);
  }
  return { tree, names };
}

/**
 * The parameter an issue is about: the longest prefix of its path that names a parameter (the rest is a
 * field inside that parameter's JSON value), else the name the missing parameter would have.
 */
function parameterOf(issuePath: string[], names: Map<string, string>, path: string) {
  for (let length = issuePath.length; length > 0; length--) {
    const name = names.get(issuePath.slice(0, length).join('/'));
    if (name) return { name, field: issuePath.slice(length).join('.') };
  }
  return { name: `${path === '/' ? '' : path}/${issuePath.join('/')}`, field: '' };
}

/** Forgets cached configuration (tests, or after a known change). */
export function clearConfigCache(): void {
  provider?.clearCache();
  emptyPathsUntil.clear();
}
