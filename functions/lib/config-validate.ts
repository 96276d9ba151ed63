import type * as z from 'zod';
import { listSetting } from './config-schema';
import { removeAt, replaceAt, type ConfigProblem, type PlacedParameter } from './config-tree';
import { ConfigParameterError, ConfigurationError } from './errors';
import { describeValue, expectedText, issueText, looksSecret } from './schema-words';

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

/** `expected at least one entry (one of "FAILED", …), got an empty list; the default (FAILED,STOPPED) is used`. */
function emptyListProblem(parameter: PlacedParameter, entry: z.ZodType, raw: unknown): ConfigProblem {
  const issue = entry.safeParse(undefined).error?.issues[0];
  const choices = issue?.code === 'invalid_value' ? ` (${expectedText(issue)})` : '';
  const seen = typeof raw === 'string' && !raw.trim().startsWith('[') ? 'a blank value' : 'an empty list';
  return {
    parameter: parameter.name,
    message: `${parameter.name}: expected at least one entry${choices}, got ${seen}; the default (${defaultText(parameter.schema)}) is used`,
  };
}

/**
 * Lenient lists: the entries a list does not know are dropped, in one problem per parameter; a list
 * left with no entry — all dropped, or none to begin with (` `, `[]`) — falls back to its default (it
 * is taken out of the tree) and says so. An empty list is never taken as a choice: a blank state list
 * would silence every notification.
 *
 * @example
 * ```ts
 * dropUnknownEntries(tree, placed); // [{ parameter, message: '… (entry 1): expected one of …, got "FAILD"; …' }]
 * ```
 */
export function dropUnknownEntries(
  tree: Record<string, unknown>,
  placed: Map<string, PlacedParameter>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const parameter of placed.values()) {
    const list = listSetting(parameter.schema);
    const raw = valueAt(tree, parameter.keys);
    const entries = list?.entries(raw);
    if (!list || !Array.isArray(entries)) continue;
    if (entries.length === 0) {
      problems.push(emptyListProblem(parameter, list.entry, raw));
      removeAt(tree, parameter.keys);
      continue;
    }
    const bad = entries.flatMap((entry, index) => {
      const parsed = list.entry.safeParse(entry, { reportInput: true });
      return parsed.success ? [] : [{ index, entry, issue: parsed.error.issues[0]! }];
    });
    if (bad.length === 0) continue;
    const dropped = new Set(bad.map((b) => b.index));
    const kept = entries.filter((_, index) => !dropped.has(index));
    const secret = secretAt(parameter, []);
    const wanted = expectedText(bad[0]!.issue);
    const seen = bad
      .slice(0, 5)
      .map((b) => describeValue(b.entry, secret))
      .join(', ');
    const more = bad.length > 5 ? ` and ${bad.length - 5} more` : '';
    const which = `entr${bad.length === 1 ? 'y' : 'ies'} ${bad
      .slice(0, 5)
      .map((b) => b.index + 1)
      .join(', ')}${more}`;
    const outcome =
      kept.length > 0
        ? `${bad.length === 1 ? 'it is' : 'they are'} ignored`
        : `no valid entry is left, so the default (${defaultText(parameter.schema)}) is used`;
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
    node =
      typeof node === 'object' && node !== null && Object.hasOwn(node, key)
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return node;
}

/** What {@link validateTree} validates: a tree {@link buildTree} built, and what to do with an invalid value. */
export interface TreeToValidate {
  tree: Record<string, unknown>;
  placed: Map<string, PlacedParameter>;
  /** The section's path, to name a missing parameter. */
  path: string;
  onInvalid: 'throw' | 'default';
}

/**
 * Validates the tree. `'throw'`: every issue, by parameter, in one {@link ConfigParameterError}.
 * `'default'`: each parameter with an issue is taken out (its default applies) and reported in
 * `problems`, then the tree is validated again; an issue no parameter can be blamed for still throws.
 *
 * @example
 * ```ts
 * validateTree(schema, { tree, placed, path: '/pipewright/dev/notifier', onInvalid: 'default' }, problems);
 * ```
 */
export function validateTree<S extends z.ZodType>(
  schema: S,
  { tree, placed, path, onInvalid }: TreeToValidate,
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
      problems.push({
        parameter: parameter!.name,
        message: `${message}; the default (${defaultText(parameter!.schema)}) is used`,
      });
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
  return {
    parameter: undefined,
    name: `${path === '/' ? '' : path}/${issuePath.join('/')}`,
    field: [] as string[],
  };
}
