import { SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import * as z from 'zod';
import { awsClient } from './clients';
import { ConfigParameterError } from './errors';
import { logger } from './observability';
import { numberSetting, settingDefaults, stringSetting } from './settings';

/**
 * Building blocks for configuration schemas. Parameter Store holds strings: these coerce them
 * (numbers, booleans, StringList / JSON arrays, JSON documents) and give every key a default, so a
 * stack with an empty configuration path still works.
 *
 * @example
 * ```ts
 * const notifierConfig = setting.section({
 *   notifyOn: setting.list(['FAILED', 'STOPPED']),
 *   quietSuccess: setting.boolean(true),
 * });
 * ```
 */
export const setting = {
  /** A String parameter (default: `fallback`). */
  string: (fallback: string) => z.string().default(fallback),
  /** An optional String parameter with no default. */
  optionalString: () => z.string().optional(),
  /** A number, written as decimal text (default: `fallback`). */
  number: (fallback: number, bounds: { min?: number; max?: number } = {}) => {
    let schema = z.coerce.number<string | number>();
    if (bounds.min !== undefined) schema = schema.min(bounds.min);
    if (bounds.max !== undefined) schema = schema.max(bounds.max);
    return schema.default(fallback);
  },
  /** `true`/`false` (any case) (default: `fallback`). */
  boolean: (fallback: boolean) =>
    z
      .union([z.boolean(), z.stringbool({ truthy: ['true', 'yes', '1'], falsy: ['false', 'no', '0'] })])
      .default(fallback),
  /** A StringList (comma separated) or a JSON array of strings (default: `fallback`). */
  list: (fallback: string[]) =>
    z.preprocess(
      (value) => (typeof value === 'string' ? splitList(value) : value),
      z.array(z.string()).default(fallback),
    ),
  /** A JSON document validated by `schema` (default: `fallback`). */
  json: <S extends z.ZodType>(schema: S, fallback: z.input<S>) =>
    z.preprocess((value) => (typeof value === 'string' ? tryJson(value) : value), schema).prefault(fallback),
  /** A sub-path of parameters; every key inside is optional. */
  section: <Shape extends z.ZodRawShape>(shape: Shape) =>
    z.object(shape).prefault({} as z.input<z.ZodObject<Shape>>),
};

function splitList(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) return tryJson(trimmed);
  return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema then reports the type mismatch, naming the parameter
  }
}

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
      const key = issue.path.map(String).join('/');
      const name = names.get(key) ?? `${path === '/' ? '' : path}/${key}`;
      return { name, message: `${name}: ${issue.message}` };
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

/** Forgets cached configuration (tests, or after a known change). */
export function clearConfigCache(): void {
  provider?.clearCache();
  emptyPathsUntil.clear();
}
