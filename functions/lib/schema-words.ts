import type * as z from 'zod';

/** Field names whose values are never shown (only their type and length). */
const SECRET_NAME =
  /pass|secret|token|credential|auth|cookie|session|signature|private|(?:api|access)-?_?key|^key$|headers/i;

/**
 * True when a value at `path` looks secret by a field name on its way (`token`, `password`,
 * `apiKey`, `Authorization`, anything under `headers`...): messages then say its type and length only.
 *
 * @example
 * ```ts
 * looksSecret(['headers', 'X-Api-Key']); // true
 * looksSecret(['url']); // false
 * ```
 */
export function looksSecret(path: readonly PropertyKey[]): boolean {
  return path.some((segment) => typeof segment === 'string' && SECRET_NAME.test(segment.slice(0, 100)));
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

/**
 * What a value is, in plain words: `"FAILD"`, `3`, `a list of 2 items`, `nothing` — or, for a secret,
 * only its type and length (`text of 12 characters`).
 *
 * @example
 * ```ts
 * describeValue('hunter2', true); // 'text of 7 characters (not shown)'
 * ```
 */
export function describeValue(value: unknown, secret: boolean): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (secret) return `text of ${value.length} characters (not shown)`;
    return value === '' ? 'empty text' : quote(value);
  }
  if (typeof value === 'number')
    return Number.isNaN(value)
      ? 'text that is not a number'
      : secret
        ? 'a number (not shown)'
        : String(value);
  if (typeof value === 'boolean') return secret ? 'true or false (not shown)' : String(value);
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
 * never a secret's value (`secret`: say type and length only).
 *
 * @example
 * ```ts
 * issueText({ code: 'invalid_type', expected: 'string', path: ['url'], message: '', input: undefined }, false);
 * // 'expected text, got nothing'
 * ```
 */
export function issueText(issue: z.core.$ZodIssue, secret: boolean): string {
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
    return `matches none of the accepted forms${got} (closest: ${at}${issueText(first, secret)})`;
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
