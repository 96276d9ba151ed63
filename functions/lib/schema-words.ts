import type * as z from 'zod';
import { listText } from './text';

/**
 * How much of a value a message may show: `shown` (quoted, cut at 60 characters), `url` (a URL's
 * origin and path only), or `hidden` (its type and length only).
 */
export type Disclosure = 'shown' | 'url' | 'hidden';

/**
 * Field names whose values are never shown, wherever they are on a value's path: secrets (`token`,
 * `password`, `apiKey`, `Authorization`...), headers, request bodies and payloads (`maxBodyBytes` is a
 * number of bytes, not a body).
 */
const SECRET_NAME =
  /pass|secret|token|credential|auth|cookie|session|signature|private|(?:api|access)-?_?key|^key$|header|body(?!bytes)|payload/i;

/** Field names of URLs (`url`, `endpoint`, `webhookUrl`, `allowedHosts`...): shown as origin and path at most. */
const URL_NAME = /ur[il]|endpoint|href|link|location|webhook|host/i;

/**
 * How much a message may show of the value at `path`: `hidden` under a secret-looking, header, body
 * or payload field name anywhere on the path; `url` for a field named like a URL (`url`,
 * `webhookUrl`, `endpoint`, `allowedHosts`...); else `shown`.
 *
 * @example
 * ```ts
 * disclosureOf(['headers', 'X-Api-Key']); // 'hidden'
 * disclosureOf(['checks', 0, 'url']); // 'url'
 * disclosureOf(['attempts']); // 'shown'
 * ```
 */
export function disclosureOf(path: readonly PropertyKey[]): Disclosure {
  const names = path.filter((segment): segment is string => typeof segment === 'string');
  if (names.some((name) => SECRET_NAME.test(name.slice(0, 100)))) return 'hidden';
  const last = names.at(-1);
  return last !== undefined && URL_NAME.test(last.slice(0, 100)) ? 'url' : 'shown';
}

/**
 * True when the value at `path` must not be quoted ({@link disclosureOf} is not `shown`): a
 * secret-looking field (`token`, `password`, `apiKey`, `Authorization`, anything under `headers`), a
 * body or payload, or a URL-like field. Messages then say its type and length only.
 *
 * @example
 * ```ts
 * looksSecret(['headers', 'X-Api-Key']); // true
 * looksSecret(['url']); // true
 * looksSecret(['attempts']); // false
 * ```
 */
export function looksSecret(path: readonly PropertyKey[]): boolean {
  return disclosureOf(path) !== 'shown';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  date: 'a date',
  null: 'null',
  undefined: 'no value',
  never: 'no value',
  nonoptional: 'a value',
};

const FORMAT_WORDS: Record<string, string> = {
  url: 'a URL',
  email: 'an email address',
  uuid: 'a UUID',
  guid: 'a GUID',
  datetime: 'an ISO date-time',
  date: 'an ISO date',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  base64: 'base64 text',
  json_string: 'JSON text',
};

/** zod's default messages (`Invalid input: …`, `Too big: …`): replaced by plain words; any other message is the schema author's. */
const ZOD_WORDING = /^(?:Invalid|Too (?:big|small)|Unrecognized|Expected|Number must|String must|Array must)/;

const words = (table: Record<string, string>, key: string, fallback: string) =>
  Object.hasOwn(table, key) ? table[key]! : fallback;

/** A short quote of a non-secret text (JSON-quoted, cut at 60 characters). */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

const hiddenText = (text: string) => `text of ${text.length} characters (not shown)`;

/**
 * A URL as a message may show it: `"https://api.example.com/health"` (origin and path — only the origin
 * with `withPath: false`), saying which parts were left out (`credentials, query and fragment not
 * shown`); text that does not parse as a URL with a host is described by its length only (it may be a
 * URL that a typo broke, token and all).
 */
function describeUrl(text: string, withPath = true): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url?.host) return hiddenText(text);
  const path = withPath || url.pathname === '/' ? url.pathname : '';
  const left = [
    ...(url.username || url.password ? ['credentials'] : []),
    ...(path !== url.pathname ? ['path'] : []),
    ...(url.search ? ['query'] : []),
    ...(url.hash ? ['fragment'] : []),
  ];
  const shown = quote(`${url.protocol}//${url.host}${path}`);
  return left.length ? `${shown} (${listText(left)} not shown)` : shown;
}

const STRICTNESS: Disclosure[] = ['shown', 'url', 'hidden'];
const stricter = (a: Disclosure, b: Disclosure) => (STRICTNESS.indexOf(a) >= STRICTNESS.indexOf(b) ? a : b);

/** A `secret` argument as a {@link Disclosure} (`true`: hidden, `false`: shown). */
const disclosure = (secret: boolean | Disclosure): Disclosure =>
  secret === true ? 'hidden' : secret === false ? 'shown' : secret;

/**
 * What a value is, in plain words: `"FAILD"`, `3`, `a list of 2 items`, `nothing` — or, for a secret
 * (`secret`: `true` or `'hidden'`), only its type and length (`text of 12 characters`); for a URL
 * field (`'url'`), its origin and path. Text that holds `://` in another field is shown by its origin
 * only (it may be a credential pasted into the wrong field: a chat webhook's path is its token).
 *
 * @example
 * ```ts
 * describeValue('hunter2', true); // 'text of 7 characters (not shown)'
 * describeValue('ftp://svc/health?token=abc', 'url'); // '"ftp://svc/health" (query not shown)'
 * ```
 */
export function describeValue(value: unknown, secret: boolean | Disclosure): string {
  const mode = disclosure(secret);
  const hidden = mode === 'hidden';
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (hidden) return hiddenText(value);
    if (value === '') return 'empty text';
    if (mode === 'url') return describeUrl(value);
    // A URL where none is expected may be a credential pasted into the wrong field (a chat webhook's path is its token).
    return value.includes('://') ? describeUrl(value, false) : quote(value);
  }
  if (typeof value === 'number')
    return Number.isNaN(value)
      ? 'text that is not a number'
      : hidden
        ? 'a number (not shown)'
        : String(value);
  if (typeof value === 'boolean') return hidden ? 'true or false (not shown)' : String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function bound(
  issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean },
  low: boolean,
  origin: string,
) {
  const limit = Number(low ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  if (origin === 'string') {
    if (low && limit === 1 && inclusive) return 'non-empty text';
    return `text of ${low ? 'at least' : 'at most'} ${limit} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    return `${low ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
  }
  const sign = low ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `a number ${sign} ${limit}`;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.slice(0, 10).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
  const more = values.length > shown.length ? ` (${values.length} in all)` : '';
  return values.length === 1 ? shown[0]! : `one of ${shown.join(', ')}${more}`;
}

/**
 * What an issue expected, in plain words (`one of "FAILED", "STOPPED"`, `a URL`, `true or false`);
 * `undefined` for issues that carry their own words (custom rules, unknown fields, unions).
 *
 * @example
 * ```ts
 * expectedText({ code: 'invalid_type', expected: 'number', path: [], message: '' }); // 'a number'
 * ```
 */
export function expectedText(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return words(TYPE_WORDS, String(issue.expected), String(issue.expected));
    case 'invalid_value':
      return (issue as { expected?: string }).expected === 'stringbool'
        ? 'true or false'
        : oneOf(issue.values);
    case 'too_small':
      return bound(issue, true, issue.origin);
    case 'too_big':
      return bound(issue, false, issue.origin);
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_format': {
      const f = issue as z.core.$ZodIssueInvalidStringFormat;
      if (f.format === 'regex' && f.pattern) return `text matching ${f.pattern}`;
      if (f.format === 'starts_with' && 'prefix' in f)
        return `text starting with ${JSON.stringify(f.prefix)}`;
      if (f.format === 'ends_with' && 'suffix' in f) return `text ending with ${JSON.stringify(f.suffix)}`;
      if (f.format === 'includes' && 'includes' in f) return `text containing ${JSON.stringify(f.includes)}`;
      return words(FORMAT_WORDS, f.format, `text in ${f.format} format`);
    }
    default:
      return undefined;
  }
}

/**
 * One issue in plain words, without its path: `expected one of "FAILED", "STOPPED", got "FAILD"`,
 * `unexpected field "atempts"`, or the schema's own message for a custom rule. Never zod's wording;
 * never a secret's value (`secret`: `true`/`'hidden'` says type and length only, `'url'` a URL's origin
 * and path; see {@link describeValue}).
 *
 * @example
 * ```ts
 * issueText({ code: 'invalid_type', expected: 'string', path: ['url'], message: '', input: undefined }, false);
 * // 'expected text, got nothing'
 * ```
 */
export function issueText(issue: z.core.$ZodIssue, secret: boolean | Disclosure): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 10).map((k) => JSON.stringify(k));
    return `unexpected field${keys.length === 1 ? '' : 's'} ${keys.join(', ')} (remove or check the spelling)`;
  }
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.filter((branch) => branch.length > 0);
    const got = 'input' in issue ? `, got ${describeValue(issue.input, secret)}` : '';
    // Alternatives of one value (`text or a number`): say them all.
    const wanted = branches.map((branch) =>
      branch.length === 1 && branch[0]!.path.length === 0 ? expectedText(branch[0]!) : undefined,
    );
    if (wanted.length > 0 && wanted.every((w) => w !== undefined))
      return `expected ${[...new Set(wanted)].join(' or ')}${got}`;
    const closest = [...branches].sort((a, b) => a.length - b.length)[0];
    if (!closest) return `matches none of the accepted forms${got}`;
    const first = closest[0]!;
    const at = first.path.length ? `${first.path.map(String).join('.')}: ` : '';
    // The branch's own path may name a secret or a URL below the union's field.
    const inner = stricter(disclosure(secret), disclosureOf(first.path));
    return `matches none of the accepted forms${got} (closest: ${at}${issueText(first, inner)})`;
  }
  if (issue.code === 'invalid_key' || issue.code === 'invalid_element') {
    const inner = issue.issues[0];
    return inner ? `has an invalid key: ${issueText(inner, secret)}` : 'has an invalid key';
  }
  const wanted = expectedText(issue);
  // A rule's own words (ours, written for users) win over the generic ones.
  if (wanted === undefined || !ZOD_WORDING.test(issue.message)) return issue.message;
  if (!('input' in issue)) return `expected ${wanted}`;
  const received =
    issue.code === 'invalid_type' &&
    issue.expected === 'number' &&
    (issue as { received?: string }).received === 'NaN'
      ? 'text that is not a number'
      : describeValue(issue.input, secret);
  return `expected ${wanted}, got ${received}`;
}
