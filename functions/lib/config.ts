import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import { listSetting } from './config-schema';
import { clearParameterCache, configLimits, readParameters } from './config-source';
import { buildTree, removeAt, replaceAt, type ConfigProblem, type PlacedParameter } from './config-tree';
import { ConfigParameterError, ConfigurationError } from './errors';
import { logger, metrics } from './observability';
import { describeValue, expectedText, issueText, looksSecret } from './schema-words';
import { numberSetting, settingDefaults, stringSetting } from './settings';

/** The schema building blocks come with the loader: `import { loadConfig, setting } from '../lib/config'`. */
export { setting } from './config-schema';
export { configLimits } from './config-source';
export type { ConfigProblem } from './config-tree';

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

/** The path of a section below the configuration path: `/pipewright/dev` + `notifier`. */
function sectionPath(root: string, section: string | undefined): string {
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
  const path = sectionPath(configPath(options.path), options.section);
  const maxAge = numberSetting(options.maxAgeSeconds, 'PIPEWRIGHT_CONFIG_TTL_SECONDS', settingDefaults.configTtlSeconds);
  const parameters = await fetchPath(path, maxAge, options.forceFetch ?? false);
  const count = Object.keys(parameters).length;
  if (count > configLimits.maxParameters) {
    throw new ConfigurationError(
      `The configuration under ${path} holds more than ${configLimits.maxParameters} parameters, the most one section may hold; delete unused ones`,
    );
  }
  const { tree, placed, unknown } = buildTree(parameters, path, schema);
  const problems = [...unknown];
  if (options.onInvalid === 'default') problems.push(...dropUnknownEntries(tree, placed));
  const config = parseTree(schema, tree, placed, path, options.onInvalid ?? 'throw', problems);
  problems.sort((a, b) => (a.parameter < b.parameter ? -1 : a.parameter > b.parameter ? 1 : 0));
  report(problems, options.section ?? path);
  logger.debug('Configuration loaded', { configPath: path, parameterNames: [...placed.values()].map((p) => p.name) });
  const secureParameters = new Set([...placed.values()].filter((p) => p.secure).map((p) => p.name));
  return { config, problems, secureParameters };
}

function secretAt(parameter: PlacedParameter | undefined, field: readonly PropertyKey[]): boolean {
  return parameter ? parameter.secure || looksSecret([...parameter.keys, ...field]) : looksSecret(field);
}

/** What a key falls back to, in words (`FAILED,STOPPED`, `true`, `no value`). */
function defaultText(schema: z.ZodType): string {
  const parsed = schema.safeParse(undefined);
  const value = parsed.success ? parsed.data : undefined;
  if (Array.isArray(value)) return value.length ? value.join(',') : 'an empty list';
  return value === undefined ? 'no value' : typeof value === 'object' ? 'its defaults' : String(value);
}

/**
 * Lenient lists: the entries a list does not know are dropped, in one problem per parameter; a list
 * left with no entry falls back to its default.
 */
function dropUnknownEntries(tree: Record<string, unknown>, placed: Map<string, PlacedParameter>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const parameter of placed.values()) {
    const list = listSetting(parameter.schema);
    const entries = list?.entries(valueAt(tree, parameter.keys));
    if (!list || !Array.isArray(entries) || entries.length === 0) continue;
    const bad = entries.flatMap((entry, index) => {
      const parsed = list.entry.safeParse(entry, { reportInput: true });
      return parsed.success ? [] : [{ index, entry, issue: parsed.error.issues[0]! }];
    });
    if (bad.length === 0) continue;
    const kept = entries.filter((_, index) => !bad.some((b) => b.index === index));
    const secret = secretAt(parameter, []);
    const wanted = expectedText(bad[0]!.issue);
    const seen = bad.slice(0, 5).map((b) => describeValue(b.entry, secret)).join(', ');
    const which = `entr${bad.length === 1 ? 'y' : 'ies'} ${bad.map((b) => b.index + 1).join(', ')}`;
    const outcome = kept.length > 0 ? `${bad.length === 1 ? 'it is' : 'they are'} ignored` : `no valid entry is left, so the default (${defaultText(parameter.schema)}) is used`;
    problems.push({
      parameter: parameter.name,
      message: `${parameter.name} (${which}): ${wanted ? `expected ${wanted}, got ${seen}` : issueText(bad[0]!.issue, secret)}; ${outcome}`,
    });
    if (kept.length > 0) replaceAt(tree, parameter.keys, kept);
    else removeAt(tree, parameter.keys);
  }
  return problems;
}

function valueAt(tree: Record<string, unknown>, keys: readonly string[]): unknown {
  let node: unknown = tree;
  for (const key of keys) {
    node = typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * Validates the tree. `'throw'`: every issue, by parameter, in one {@link ConfigParameterError}.
 * `'default'`: each parameter with an issue is taken out (its default applies) and reported, then the
 * tree is validated again; an issue no parameter can be blamed for still throws.
 */
function parseTree<S extends z.ZodType>(
  schema: S,
  tree: Record<string, unknown>,
  placed: Map<string, PlacedParameter>,
  path: string,
  onInvalid: 'throw' | 'default',
  problems: ConfigProblem[],
): z.output<S> {
  const rounds = placed.size + 1; // each failed round takes out at least one parameter
  for (let round = 0; round < rounds; round++) {
    const parsed = schema.safeParse(tree, { reportInput: true });
    if (parsed.success) return parsed.data;
    const found = parsed.error.issues.map((issue) => {
      const { parameter, name, field } = parameterOf(issue.path.map(String), placed, path);
      const at = field.length ? ` (field ${field.join('.')})` : '';
      return { parameter, name, message: `${name}${at}: ${issueText(issue, secretAt(parameter, field))}` };
    });
    const blamed = found.filter((f) => f.parameter !== undefined);
    if (onInvalid === 'throw' || blamed.length < found.length) {
      throw new ConfigParameterError(
        `Invalid configuration under ${path}: ${found.map((f) => f.message).join('; ')}`,
        [...new Set(found.map((f) => f.name))],
      );
    }
    for (const { parameter, message } of blamed) {
      if (!placed.has(parameter!.keys.join('/'))) continue; // already taken out for an earlier issue
      placed.delete(parameter!.keys.join('/'));
      removeAt(tree, parameter!.keys);
      problems.push({ parameter: parameter!.name, message: `${message}; the default (${defaultText(parameter!.schema)}) is used` });
    }
  }
  throw new ConfigurationError(`Invalid configuration under ${path}: the defaults do not validate`);
}

/**
 * The parameter an issue is about: the longest prefix of its path that names a parameter (the rest is a
 * field inside that parameter's JSON value), else the name the missing parameter would have.
 */
function parameterOf(issuePath: string[], placed: Map<string, PlacedParameter>, path: string) {
  for (let length = issuePath.length; length > 0; length--) {
    const parameter = placed.get(issuePath.slice(0, length).join('/'));
    if (parameter) return { parameter, name: parameter.name, field: issuePath.slice(length) };
  }
  return { parameter: undefined, name: `${path === '/' ? '' : path}/${issuePath.join('/')}`, field: [] as string[] };
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

async function fetchPath(path: string, maxAgeSeconds: number, forceFetch: boolean) {
  if (!forceFetch && (emptyPathsUntil.get(path) ?? 0) > Date.now()) return Object.create(null) as Record<string, never>;
  const values = await readParameters(path, maxAgeSeconds, forceFetch);
  if (Object.keys(values).length === 0) emptyPathsUntil.set(path, Date.now() + maxAgeSeconds * 1000);
  else emptyPathsUntil.delete(path);
  return values;
}

/** Forgets cached configuration (tests, or after a known change). */
export function clearConfigCache(): void {
  clearParameterCache();
  emptyPathsUntil.clear();
}
