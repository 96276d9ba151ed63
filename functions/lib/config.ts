import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import { clearParameterCache, configLimits, readParameters } from './config-source';
import { buildTree, type ConfigProblem } from './config-tree';
import { dropUnknownEntries, validateTree } from './config-validate';
import { ConfigurationError } from './errors';
import { logger, metrics } from './observability';
import { numberSetting, settingDefaults, stringSetting } from './settings';

/** The schema building blocks come with the loader: `import { loadConfig, setting } from '../lib/config'`. */
export { setting } from './config-schema';
export { configLimits } from './config-source';
export { camelCase, type ConfigProblem } from './config-tree';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The section to read, below the configuration path (`notifier`, `deploy-hook`) (default: the whole path). */
  section?: string;
  /** Parameter Store path (default: `PIPEWRIGHT_CONFIG_PATH`, else `/pipewright/`). */
  path?: string;
  /** Seconds a loaded path stays cached (default: `PIPEWRIGHT_CONFIG_TTL_SECONDS`, else 300). */
  maxAgeSeconds?: number;
  /** Re-read Parameter Store even if the cache is fresh (default: false). */
  forceFetch?: boolean;
  /**
   * Read the parameters below the section at any depth; false reads only those directly under it, so
   * that a sub-path another function owns (`notifier/channels/`, with its webhook URLs) is never
   * fetched nor decrypted (default: true).
   */
  recursive?: boolean;
  /**
   * What a value that does not validate does (default: `'throw'`): `'throw'` raises a
   * {@link ConfigParameterError} naming every such parameter; `'default'` uses that key's default
   * instead and reports the problem (a list drops just its unknown entries, and uses its default only
   * when none is left).
   */
  onInvalid?: 'throw' | 'default';
}

/** What {@link loadConfig} returns: the validated configuration and the problems that did not stop it. */
export interface LoadedConfig<T> {
  config: T;
  /** Unknown parameters, dropped list entries, defaults used in place of invalid values (already logged). */
  problems: readonly ConfigProblem[];
  /** Full names of the SecureString parameters loaded: their values must never be shown. */
  secureParameters: ReadonlySet<string>;
}

/** Normalises a configuration path to `/a/b` form (root stays `/`). */
export function normalisePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  if (withSlash.length <= 1) return withSlash;
  let end = withSlash.length;
  while (end > 0 && withSlash[end - 1] === '/') end--; // trailing slashes, without a regex
  return withSlash.slice(0, end);
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

/**
 * The path of a section below the configuration path in use ({@link configPath} of `path`): `/pipewright/dev`
 * + `notifier`. Without a section, the configuration path itself.
 *
 * @example
 * ```ts
 * sectionPath('notifier'); // '/pipewright/dev/notifier' with PIPEWRIGHT_CONFIG_PATH=/pipewright/dev/
 * ```
 */
export function sectionPath(section?: string, path?: string): string {
  const root = configPath(path);
  if (!section) return root;
  return normalisePath(`${root === '/' ? '' : root}/${section}`);
}

/**
 * Loads every parameter of a configuration section from Parameter Store (recursively, SecureString
 * decrypted) into a tree — `<path>/notifier/notify-on` becomes `{ notifyOn }` with
 * `section: 'notifier'` — and validates it with `schema`. Reads are cached by Powertools Parameters
 * for `maxAgeSeconds`; the SSM client retries throttling with the SDK's retry strategy.
 *
 * Every parameter the schema has no place for is reported: a WARN log naming it and a
 * `ConfigWarning` metric (dimension `section`), like every other problem in `problems`. Messages name
 * the parameter and field, what was expected and what was seen — never the value of a SecureString or
 * of a secret-looking field (type and length only). A section of more than
 * {@link configLimits}.maxParameters parameters is a {@link ConfigurationError}.
 *
 * @example
 * ```ts
 * const { config } = await loadConfig(setting.section({ notifyOn: setting.list(['FAILED']) }), { section: 'notifier' });
 * config.notifyOn; // ['FAILED'] by default
 * ```
 */
export async function loadConfig<S extends z.ZodType>(
  schema: S,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig<z.output<S>>> {
  const path = sectionPath(options.section, options.path);
  const maxAge = numberSetting(
    options.maxAgeSeconds,
    'PIPEWRIGHT_CONFIG_TTL_SECONDS',
    settingDefaults.configTtlSeconds,
  );
  const parameters = await fetchPath(path, maxAge, options.forceFetch ?? false, options.recursive ?? true);
  const count = Object.keys(parameters).length;
  if (count > configLimits.maxParameters) {
    throw new ConfigurationError(
      `The configuration under ${path} holds more than ${configLimits.maxParameters} parameters, the most one section may hold; delete unused ones`,
    );
  }
  const { tree, placed, unknown } = buildTree(parameters, path, schema);
  const problems = [...unknown];
  if (options.onInvalid === 'default') problems.push(...dropUnknownEntries(tree, placed));
  const config = validateTree(
    schema,
    { tree, placed, path, onInvalid: options.onInvalid ?? 'throw' },
    problems,
  );
  problems.sort((a, b) => (a.parameter < b.parameter ? -1 : a.parameter > b.parameter ? 1 : 0));
  report(problems, options.section ?? path);
  logger.debug('Configuration loaded', {
    configPath: path,
    parameterNames: [...placed.values()].map((p) => p.name),
  });
  const secureParameters = new Set([...placed.values()].filter((p) => p.secure).map((p) => p.name));
  return { config, problems, secureParameters };
}

function report(problems: readonly ConfigProblem[], section: string): void {
  if (problems.length === 0) return;
  for (const problem of problems) {
    logger.warn(`Configuration problem: ${problem.message}`, { parameter: problem.parameter, section });
  }
  const metric = metrics.singleMetric();
  metric.addDimension('section', section);
  metric.addMetric('ConfigWarning', MetricUnit.Count, problems.length);
}

/**
 * Powertools caches non-empty results only; an empty path (the default install) is remembered here,
 * or every invocation of a stack without configuration would call Parameter Store.
 */
const emptyPathsUntil = new Map<string, number>();

async function fetchPath(path: string, maxAgeSeconds: number, forceFetch: boolean, recursive: boolean) {
  if (!forceFetch && (emptyPathsUntil.get(path) ?? 0) > Date.now())
    return Object.create(null) as Record<string, never>;
  const values = await readParameters(path, maxAgeSeconds, forceFetch, recursive);
  if (Object.keys(values).length === 0) emptyPathsUntil.set(path, Date.now() + maxAgeSeconds * 1000);
  else emptyPathsUntil.delete(path);
  return values;
}

/** Forgets cached configuration (tests, or after a known change). */
export function clearConfigCache(): void {
  clearParameterCache();
  emptyPathsUntil.clear();
}
