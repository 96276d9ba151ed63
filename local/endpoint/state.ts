import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkJsonFile, readJsonFile } from '../json-file';
import { servedOperations } from './services';
import { type EndpointState, endpointStateSchema } from './state-schema';

export type { EndpointState, StateFault } from './state-schema';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What makes two items of a seeded list the same item: a string itself, `name`, or S3 `bucket` + `key`. */
function identity(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (!isObject(item)) return undefined;
  if (typeof item.name === 'string') return `name:${item.name}`;
  if (typeof item.bucket === 'string' && typeof item.key === 'string') return `s3:${item.bucket}/${item.key}`;
  return undefined;
}

/** A list with `more` added: an item with the identity of an earlier one replaces it in place. */
function mergeLists(list: unknown[], more: unknown[]): unknown[] {
  const out = [...list];
  for (const item of more) {
    const id = identity(item);
    const at = id === undefined ? -1 : out.findIndex((earlier) => identity(earlier) === id);
    if (at >= 0) out[at] = item;
    else out.push(item);
  }
  return out;
}

/**
 * Deep merge of seeded states, later ones adding to and overriding earlier ones: objects are merged
 * key by key, lists get the new items (an item with the same name — parameter, alarm, topic — or the
 * same S3 bucket and key replaces the earlier one; faults are appended), scalars are replaced.
 */
export function mergeStates(...states: unknown[]): EndpointState {
  const merge = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && Array.isArray(b)) return mergeLists(a, b);
    if (isObject(a) && isObject(b)) {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, value] of Object.entries(a)) out[key] = value;
      for (const [key, value] of Object.entries(b)) {
        out[key] = Object.hasOwn(out, key) ? merge(out[key], value) : value;
      }
      return out;
    }
    return b === undefined ? a : b;
  };
  return states.reduce<unknown>((acc, state) => merge(acc, state), {}) as EndpointState;
}

/** Directory of the committed seed files (`local/state`). */
const defaultStateDir = join(__dirname, '..', 'state');

/** The committed seed files, `local/state/*.json`, in name order. */
const defaultStateFiles = () =>
  readdirSync(defaultStateDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(defaultStateDir, name));

/** Options of {@link loadState}. */
export interface LoadStateOptions {
  /** Directory relative `files` are read from (default: the current directory). */
  baseDir?: string;
}

/**
 * The seeded state: every `local/state/*.json`, then the given files (`--state`) merged over it with
 * {@link mergeStates}, so a file adds to and overrides the default seed. Each file is checked
 * against the state schema (local/STATE-FORMAT.md: exact keys, fault operations the endpoint
 * serves). A file that is missing, is not valid JSON or does not fit fails with a
 * {@link JsonFileError} naming it and the field (`--state mine.json: ssm.parameters: expected a list, got "oops"`).
 *
 * @example
 * ```ts
 * const state = loadState(['mine.json']); // local/state/*.json, then mine.json over it
 * ```
 */
export function loadState(files: string[] = [], options: LoadStateOptions = {}): EndpointState {
  const schema = endpointStateSchema(servedOperations());
  const read = (path: string, what: string, baseDir?: string) => {
    const state = readJsonFile(path, what, baseDir);
    checkJsonFile(schema, state, path, what);
    return state; // as written: merged below with null-prototype objects, whatever its keys
  };
  return mergeStates(
    ...defaultStateFiles().map((path) => read(path, 'state file')),
    ...files.map((path) => read(path, '--state', options.baseDir)),
  );
}
