import * as z from 'zod';
import { countText, truncate } from '../text';

/**
 * A dot path into a JSON document (`status`, `checks.0.state`) and the value it must have. Each
 * segment names an own field of an object or an index of an array: `constructor`, `__proto__` or
 * `length` match only a field of that name in the document itself.
 */
export const jsonExpectation = z.strictObject({
  path: z.string().min(1),
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});

/** A parsed {@link jsonExpectation}. */
export type JsonExpectation = z.output<typeof jsonExpectation>;

/** What {@link readJsonPath} found: the value at the path, or that the path does not exist. */
export type JsonLookup = { found: true; value: unknown } | { found: false };

/** The most characters of a seen value a message quotes. */
const QUOTED_CHARS = 200;

/**
 * Reads a dot path (`a.b.0.c`) from a parsed JSON document with own-property lookups only: an object
 * segment must be a field of that object (never one inherited from `Object.prototype`), an array
 * segment a decimal index (`0`, `12`) below its length.
 *
 * @example
 * ```ts
 * readJsonPath({ checks: [{ state: 'ok' }] }, 'checks.0.state'); // { found: true, value: 'ok' }
 * readJsonPath({}, 'constructor.name'); // { found: false }
 * ```
 */
export function readJsonPath(document: unknown, path: string): JsonLookup {
  let value = document;
  for (const key of path.split('.').filter(Boolean)) {
    if (Array.isArray(value)) {
      if (!isIndex(key) || Number(key) >= value.length) return { found: false };
      value = value[Number(key)];
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else {
      return { found: false };
    }
  }
  return { found: true, value };
}

/** `0`, `7`, `42`: canonical decimal array indices (no sign, no leading zero, no exponent). */
function isIndex(key: string): boolean {
  if (key.length > 15) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57 || (i === 0 && code === 48 && key.length > 1)) return false;
  }
  return key.length > 0;
}

/**
 * Parses JSON text; `undefined` when it is not JSON (no error, so nothing can quote the text back).
 *
 * @example
 * ```ts
 * parseJsonText('{"a":1}'); // { value: { a: 1 } }
 * parseJsonText('<html>'); // undefined
 * ```
 */
export function parseJsonText(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Judges a JSON text (a response body, a Lambda answer) against an expectation: `undefined` when the
 * value at `path` equals `equals`, else one line saying what was expected and what was seen.
 *
 * @example
 * ```ts
 * checkJsonExpectation('{"status":"degraded"}', { path: 'status', equals: 'ok' });
 * // 'expected JSON status = "ok", got "degraded"'
 * ```
 */
export function checkJsonExpectation(text: string, { path, equals }: JsonExpectation): string | undefined {
  const expected = `expected JSON ${path} = ${JSON.stringify(equals)}`;
  const parsed = parseJsonText(text);
  if (!parsed) return `${expected}, got a body that is not JSON (${describeText(text)})`;
  const seen = readJsonPath(parsed.value, path);
  if (!seen.found) return `${expected}, got no field "${path}"`;
  if (seen.value === equals) return undefined;
  return `${expected}, got ${quote(seen.value)}`;
}

/** A seen JSON value as JSON, cut to {@link QUOTED_CHARS} characters. */
function quote(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), QUOTED_CHARS);
}

/**
 * A body for a message: its first 200 characters with whitespace folded, quoted, or `empty`.
 *
 * @example
 * ```ts
 * describeText('  warming\n up '); // '"warming up"'
 * ```
 */
export function describeText(text: string): string {
  const oneLine = text
    .slice(0, QUOTED_CHARS * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine ? `"${truncate(oneLine, QUOTED_CHARS)}"` : 'empty';
}

/**
 * The type of a JSON value, and a string's length, for messages that must not quote the value.
 *
 * @example
 * ```ts
 * describeJsonType('hunter2'); // 'a string of 7 characters'
 * ```
 */
export function describeJsonType(value: unknown): string {
  if (typeof value === 'string') return `a string of ${countText(value.length, 'character')}`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
