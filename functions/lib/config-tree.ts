import * as z from 'zod';
import type { StoredParameter } from './config-source';
import { configLimits } from './config-source';
import { ConfigParameterError } from './errors';

/** A configuration problem that did not stop the load: which parameter, and what is wrong, in words. */
export interface ConfigProblem {
  /** Full name of the parameter (`/pipewright/prod/notifier/notify-on-pipeline-states`). */
  parameter: string;
  /** One line naming the parameter, what was expected and what was seen (never a secret's value). */
  message: string;
}

/** A parameter placed in the tree: its key path (schema keys), full name, schema and type. */
export interface PlacedParameter {
  keys: string[];
  name: string;
  schema: z.ZodType;
  secure: boolean;
}

/** A configuration tree (null-prototype objects all the way down) and what was placed in it. */
export interface ConfigTree {
  tree: Record<string, unknown>;
  /** `keys.join('/')` → the parameter placed there. */
  placed: Map<string, PlacedParameter>;
  /** Parameters the schema has no place for (or whose place another holds): left out, reported. */
  unknown: ConfigProblem[];
}

/** Segments that would reach an object's prototype (`a.__proto__`, `a.constructor.prototype`). */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

const SEPARATORS = new Set(['-', '_', '.']);
const isAlphanumeric = (ch: string | undefined) =>
  ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'));

/**
 * `notify-on` → `notifyOn`: parameter names are kebab-case, schema keys camelCase. A run of `-`, `_`
 * or `.` before a letter or digit is dropped and that character upper-cased; any other run is kept.
 * One pass, no regular expression (a name from Parameter Store cannot make it slow).
 */
export function camelCase(segment: string): string {
  let out = '';
  let i = 0;
  while (i < segment.length) {
    if (!SEPARATORS.has(segment[i]!)) {
      out += segment[i++];
      continue;
    }
    let end = i;
    while (end < segment.length && SEPARATORS.has(segment[end]!)) end++;
    if (isAlphanumeric(segment[end])) {
      out += segment[end]!.toUpperCase();
      i = end + 1;
    } else {
      out += segment.slice(i, end);
      i = end;
    }
  }
  return out;
}

/** `notifyOn` → `notify-on`, to name a schema key the way its parameter is written. */
function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
}

type Shape =
  | { kind: 'object'; shape: Record<string, z.ZodType> }
  | { kind: 'record'; value: z.ZodType }
  | { kind: 'leaf' };

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch']);

/** Whether a schema is a path of parameters (object: named keys; record: any name) or one value. */
function shapeOf(schema: z.ZodType): Shape {
  let s = schema as z.core.$ZodType;
  while (WRAPPERS.has(s._zod.def.type))
    s = (s._zod.def as unknown as { innerType: z.core.$ZodType }).innerType;
  if (s instanceof z.ZodObject) return { kind: 'object', shape: s.shape as Record<string, z.ZodType> };
  if (s instanceof z.ZodRecord) return { kind: 'record', value: s._zod.def.valueType as z.ZodType };
  return { kind: 'leaf' };
}

const isBranch = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Places every parameter of a section into a tree that `schema` then validates. Names are walked
 * along the schema: below an object, segments are camel-cased (`notify-on` → `notifyOn`) and must
 * be keys of it; below a record they are data (application names) and kept as written. A parameter
 * the schema has no place for is left out and reported in `unknown`. Nodes are null-prototype
 * objects and every lookup is an own-property lookup, so no name reaches `Object.prototype`.
 *
 * Two parameters for one place (`notify-recovery` and `notifyRecovery`, or a value where another
 * needs a path) keep the first by name; the other is reported in `unknown`. Throws
 * {@link ConfigParameterError} for a segment `__proto__`, `constructor` or `prototype` (raw or
 * camel-cased) and for a value over {@link configLimits}.maxValueBytes.
 *
 * @example
 * ```ts
 * buildTree({ '/p/notifier/notify-recovery': { value: 'false', secure: false } }, '/p/notifier', schema).tree;
 * // { notifyRecovery: 'false' }
 * ```
 */
export function buildTree(
  parameters: Readonly<Record<string, StoredParameter>>,
  path: string,
  schema: z.ZodType,
): ConfigTree {
  const tree: Record<string, unknown> = Object.create(null);
  const placed = new Map<string, PlacedParameter>();
  const unknown: ConfigProblem[] = [];
  const prefix = path === '/' ? '' : path;
  for (const name of Object.keys(parameters).sort()) {
    if (!name.startsWith(`${prefix}/`)) continue;
    const { value, secure } = parameters[name]!;
    const segments = name
      .slice(prefix.length + 1)
      .split('/')
      .filter(Boolean);
    if (segments.length === 0) continue;
    refuseForbidden(name, segments);
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > configLimits.maxValueBytes) {
      throw new ConfigParameterError(
        `${name}: the value has ${bytes} bytes; a configuration value may have at most ${configLimits.maxValueBytes} (Parameter Store's own maximum)`,
        [name],
      );
    }
    const place = locate(schema, segments, name, prefix);
    if ('problem' in place) {
      unknown.push({ parameter: name, message: place.problem });
      continue;
    }
    const clash = insert(tree, place.keys, value, name, placed);
    if (clash) {
      unknown.push({ parameter: name, message: clash });
      continue;
    }
    placed.set(place.keys.join('/'), { keys: place.keys, name, schema: place.schema, secure });
  }
  return { tree, placed, unknown };
}

function refuseForbidden(name: string, segments: string[]): void {
  const bad = segments.find((segment) => FORBIDDEN.has(segment) || FORBIDDEN.has(camelCase(segment)));
  if (bad !== undefined) {
    throw new ConfigParameterError(
      `${name}: the name segment "${bad}" is not allowed in a configuration name (it would reach JavaScript object internals); rename or delete the parameter`,
      [name],
    );
  }
}

/** Where the schema puts a parameter: its key path and schema, or why it has no place. */
function locate(
  schema: z.ZodType,
  segments: string[],
  name: string,
  prefix: string,
): { keys: string[]; schema: z.ZodType } | { problem: string } {
  const keys: string[] = [];
  let at = schema;
  for (const [index, segment] of segments.entries()) {
    const shape = shapeOf(at);
    if (shape.kind === 'leaf') {
      const holder = `${prefix}/${segments.slice(0, index).join('/')}`;
      return { problem: `${name}: unknown parameter, ignored (${holder} is a single value, not a path)` };
    }
    if (shape.kind === 'record') {
      keys.push(segment);
      at = shape.value;
      continue;
    }
    const key = camelCase(segment);
    if (!Object.hasOwn(shape.shape, key)) {
      const known = Object.keys(shape.shape).map(kebabCase);
      const shown = known.slice(0, 15).join(', ') + (known.length > 15 ? ', …' : '');
      return { problem: `${name}: unknown parameter, ignored (expected one of: ${shown || 'none'})` };
    }
    keys.push(key);
    at = shape.shape[key]!;
  }
  return { keys, schema: at };
}

/** Puts a value at `keys`; returns why not when another parameter already holds that place or its path. */
function insert(
  tree: Record<string, unknown>,
  keys: string[],
  value: string,
  name: string,
  placed: Map<string, PlacedParameter>,
): string | undefined {
  const holder = (depth: number) =>
    [...placed.values()].find((p) => p.keys.slice(0, depth).join('/') === keys.slice(0, depth).join('/'))
      ?.name;
  let node = tree;
  for (const [depth, key] of keys.slice(0, -1).entries()) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined) node = node[key] = Object.create(null) as Record<string, unknown>;
    else if (isBranch(next)) node = next;
    else
      return `${name}: ignored, because ${holder(depth + 1) ?? 'another parameter'} holds a single value where this name needs a path`;
  }
  const last = keys.at(-1)!;
  if (Object.hasOwn(node, last)) {
    const other = holder(keys.length) ?? 'another parameter';
    return isBranch(node[last])
      ? `${name}: ignored, because parameters below it (such as ${other}) use this name as a path`
      : `${name}: ignored, because ${other} sets the same key (names differ only in case or separators)`;
  }
  node[last] = value;
  return undefined;
}

/** Removes the value at `keys` (own properties only); used to let a default apply instead. */
export function removeAt(tree: Record<string, unknown>, keys: readonly string[]): void {
  let node: unknown = tree;
  for (const key of keys.slice(0, -1)) {
    node = isBranch(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }
  if (isBranch(node)) delete node[keys.at(-1)!];
}

/** Replaces the value at `keys` (which {@link buildTree} placed). */
export function replaceAt(tree: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node: unknown = tree;
  for (const key of keys.slice(0, -1))
    node = isBranch(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  if (isBranch(node)) node[keys.at(-1)!] = value;
}
