import { truncate } from '../lib/text';

/** Caps on free text, in characters, applied before rendering. */
export const caps = {
  /** An error summary of one failure. */
  summary: 1_500,
  /** A commit message (its first line only is kept). */
  commitMessage: 200,
  /** A URL. */
  url: 1_000,
  /** Any other name or id taken from an event or an API answer. */
  name: 200,
  /** How many failures and revisions are listed. */
  items: 10,
} as const;

const REDACTED = '***';
/** Values this long are scrubbed whatever their name; shorter ones (`prod`, `true`) would garble every message. */
const MIN_SECRET_LENGTH = 6;
/** Values of secret-looking names are scrubbed from this length (`4821`); 1–2 characters would destroy text. */
const MIN_NAMED_SECRET_LENGTH = 3;
/** How much of a text the patterns look at, as a multiple of the length kept: the rest is cut first. */
const MATCH_SLACK = 4;
/** A cut word longer than this is data (a dump, a hash), not a piece of a secret: kept. */
const MAX_CUT_WORD = 1_000;

/**
 * Names that hold a secret: a secret word anywhere in the name (`DBPASSWORD`, `api-token`), or a short
 * one as a whole word (`DB_PIN`, `deploy_Key`, `X-Api-Key`, but not `SHIPPING`, `MONKEY` or `BYPASS_CACHE`).
 */
const SECRET_NAME =
  /passw(?:or)?d|passphrase|secret|token|credential|apikey|privatekey|signature|authori[sz]ation|auth(?!or)|(?:^|[^a-z])(?:pass|pwd|pin|key|otp|salt|cookie|private)(?![a-z])/i;

/** `deployKey` → `deploy_Key`, so that camel-case words are whole words too. */
const splitCamelCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');

/**
 * True when a name (an environment variable, a flag without its dashes, a JSON key, a header) says it
 * holds a secret.
 *
 * @example
 * ```ts
 * namesSecret('db-password'); // true
 * namesSecret('deployKey'); // true
 * namesSecret('SHIPPING_MODE'); // false
 * ```
 */
export function namesSecret(name: string): boolean {
  return SECRET_NAME.test(splitCamelCase(name));
}

/** A CodeBuild environment variable as events and the CodeBuild API show it (`type` defaults to PLAINTEXT). */
export interface CodebuildVariable {
  name?: string;
  type?: string;
  value?: unknown;
}

/**
 * The values to scrub out of text about a CodeBuild build: PLAINTEXT environment variable values of a
 * secret-looking name (3+ characters) and any PLAINTEXT value of 6+ characters. PARAMETER_STORE and
 * SECRETS_MANAGER values are only names, kept. Values that appear in `shown` (the project name, which
 * the message shows anyway) are kept too. The one rule for the notifier and the local runner.
 *
 * @example
 * ```ts
 * codebuildSecretValues([
 *   { name: 'DB_PIN', value: '4821' },
 *   { name: 'STAGE', value: 'prod' },
 *   { name: 'API_KEY', type: 'PARAMETER_STORE', value: '/app/api-key' },
 * ]); // ['4821']
 * ```
 */
export function codebuildSecretValues(variables: readonly CodebuildVariable[], shown = ''): string[] {
  return variables.flatMap(({ name = '', type = 'PLAINTEXT', value }) =>
    type === 'PLAINTEXT' &&
    typeof value === 'string' &&
    value.length >= (namesSecret(name) ? MIN_NAMED_SECRET_LENGTH : MIN_SECRET_LENGTH) &&
    !shown.includes(value)
      ? [value]
      : [],
  );
}

/** Self-identifying secrets, replaced wherever they appear. Each runs in linear time (test/unit/regex-safety). */
const tokenPatterns: Array<[RegExp, string]> = [
  // AWS access key ids
  [/\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b/g, REDACTED],
  // credentials in URLs: https://user:pass@host
  [/:\/\/[^\s/@:]+:[^\s/@]+@/g, `://${REDACTED}@`],
  // signed URL parameters whose names say nothing (the others are name=value pairs below)
  [/([?&](?:sig|code)=)[^&\s#]+/gi, `$1${REDACTED}`],
  // bearer tokens without a header name
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
];

/** A run of token characters; each is then tested from its start only (no search inside it). */
const WORD = /[\w.-]+/g;
/** GitHub and Slack tokens, JWTs, at the start of a word. */
const TOKEN_WORD =
  /^(?:gh[pousr]_[A-Za-z0-9]{20}|github_pat_[A-Za-z0-9_]{20}|xox[abprs]-[A-Za-z0-9-]{10}|eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5})/;

/** Replaces every PEM private key block (to its END line, or to the end of a cut text); `indexOf` only. */
function redactPrivateKeys(text: string): string {
  const begin = '-----BEGIN ';
  const footer = 'PRIVATE KEY-----';
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(begin); at >= 0; at = text.indexOf(begin, Math.max(at + 1, copied))) {
    const headerEnd = text.indexOf('-----', at + begin.length);
    if (headerEnd < 0) break;
    if (!/^[A-Z ]*PRIVATE KEY$/.test(text.slice(at + begin.length, headerEnd))) continue;
    const endLine = text.indexOf('-----END ', headerEnd);
    const endFooter = endLine < 0 ? -1 : text.indexOf(footer, endLine);
    out += text.slice(copied, at) + REDACTED;
    copied = endFooter < 0 ? text.length : endFooter + footer.length;
  }
  return out + text.slice(copied);
}

/**
 * A name and what may follow it: `KEY=`, `key: `, `"key": `, `--flag=`, `--flag ` / `-p ` (a space), and
 * their URL-encoded forms (`password%3D`, `%22key%22%3A`). A whole run of name characters is taken and
 * the separator is optional, so no match ever fails half-way (nothing to backtrack into).
 */
const NAME_THEN_SEPARATOR = /([\w.-]+)((?:"|%22)?[ \t]*(?:[=:]|%3[aAdD])[ \t]*|[ \t]+)?/g;
/** A separator that assigns (`=`, `:`, encoded or not), as opposed to a space after a flag. */
const ASSIGNS = /[=:]|%3[aAdD]/;
/**
 * The value after a separator, read at one position: a quoted string (escapes allowed, to its closing
 * quote or the end of the line), or a word (to whitespace, a quote or `& , ; ( ) < > [ ] { }`), after an
 * optional authorization scheme (`Bearer `, `Basic `...).
 */
const VALUE =
  /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|(?:(?:bearer|basic|digest|token|negotiate|aws4-hmac-sha256)[ \t]+)?[^\s"'`&,;()<>[\]{}]+/iy;

/**
 * The value that starts at `at`, if any. A sentence's full stop after a word (`--pin 4821. Reason`) is
 * not part of it; a value already redacted reads as none.
 */
function readValue(text: string, at: number): string | undefined {
  VALUE.lastIndex = at;
  let value = VALUE.exec(text)?.[0];
  const after = text.charAt(at + (value?.length ?? 0));
  if (value && value.length > 1 && value.endsWith('.') && (after === '' || /\s/.test(after)))
    value = value.slice(0, -1);
  return value === REDACTED ? undefined : value;
}

/** `--flag` → `flag`, `-p` → `p`, `KEY` → `KEY`: a name without the one or two dashes of a flag. */
function withoutDashes(name: string): string {
  return name.startsWith('--') ? name.slice(2) : name.startsWith('-') ? name.slice(1) : name;
}

/** True when `name` followed by a separator (`assigns`: `=` or `:`, else a space) introduces a secret value. */
function secretPair(name: string, assigns: boolean): boolean {
  const word = withoutDashes(name);
  if (!assigns) {
    // `--db-password hunter2`, `-p hunter2`: only flags take their value after a space.
    if (word === name) return false;
    return word === 'p' || namesSecret(word);
  }
  return namesSecret(word);
}

/** Flags whose value is `user:password` (curl `-u`, `--user`, `-U`, `--proxy-user`): the part after the colon is secret. */
const USER_FLAGS = new Set(['-u', '-U', '--user', '--proxy-user']);
/** `Cookie` and `Set-Cookie` headers (lower case): every pair of the header is secret (`a=1; session=…`). */
const COOKIE_HEADERS = new Set(['cookie', 'set-cookie']);
/** Common flags that start with `-p` (`find -print`, `gcc -pthread`): not a password glued to `-p`. */
const P_FLAGS = new Set([
  '-path',
  '-pedantic',
  '-pedantic-errors',
  '-perm',
  '-pg',
  '-pie',
  '-pipe',
  '-print',
  '-print0',
  '-printf',
  '-profile',
  '-prune',
  '-pthread',
]);
/** What may stand before a flag with a glued value: the start of a word. */
const WORD_START = new Set([' ', '\t', '\n', '\r', '"', "'", '`', '=', '(']);

/** What to put in place of a value: the secret part replaced, quotes and a `user:` prefix kept. */
interface Replacement {
  /** Where the replaced text starts, and its length. */
  at: number;
  length: number;
  text: string;
}

/** `"value"` → `"***"`, `value` → `***`. */
function hidden(value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return quote + REDACTED + quote;
}

/** `user:pass` → `user:***` (quotes kept); `undefined` when there is no password part. */
function hiddenPassword(value: string): string | undefined {
  const colon = value.indexOf(':');
  if (colon < 0 || colon === value.length - 1) return undefined;
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return value.slice(0, colon + 1) + REDACTED + (quote && value.endsWith(quote) ? quote : '');
}

/**
 * A password glued to a short flag, at the start of a word: `-pS3cret` (mysql, sshpass) — 3+
 * characters, not one of {@link P_FLAGS} — or `-ualice:S3cret` (curl: what follows the colon).
 */
function gluedValue(text: string, at: number, name: string): Replacement | undefined {
  if (name.length < 3 || name[0] !== '-' || (name[1] !== 'p' && name[1] !== 'u') || name[2] === '-')
    return undefined;
  if (at > 0 && !WORD_START.has(text[at - 1]!)) return undefined;
  if (name[1] === 'u') {
    const passwordAt = at + name.length + 1;
    const password = text[passwordAt - 1] === ':' ? readValue(text, passwordAt) : undefined;
    return password ? { at: passwordAt, length: password.length, text: hidden(password) } : undefined;
  }
  // A value that is not redacted is short (under 3 characters, or one of P_FLAGS): reading it costs little.
  const value = readValue(text, at + 2);
  return value && value.length >= MIN_NAMED_SECRET_LENGTH && !P_FLAGS.has(`-p${value}`)
    ? { at: at + 2, length: value.length, text: hidden(value) }
    : undefined;
}

/**
 * A `Cookie:` header's value, to the end of its line or to the quote that opened the header
 * (`-H 'Cookie: a=1; session=…'`), so that no pair after the first survives. Read once, then skipped.
 */
function cookieValue(text: string, nameAt: number, valueAt: number): string {
  if (text[valueAt] === '"' || text[valueAt] === "'") return readValue(text, valueAt) ?? '';
  const opener = text[nameAt - 1] === '"' || text[nameAt - 1] === "'" ? text[nameAt - 1] : '\n';
  let end = valueAt;
  while (end < text.length && text[end] !== '\n' && text[end] !== opener) end++;
  return text.slice(valueAt, end).trimEnd();
}

/** A user name and its colon (`alice:`), read to the first space, colon, `=`, quote, `&`, `;` or `,`. */
const USER_THEN_COLON = /[^\s:="'`&;,]*:/y;

/**
 * The password of a `user:password` flag value (`-u alice:S3cret`, `--user 'alice:S3cret'`), which is
 * replaced; the user is kept. A URL (`-u https://…`) is not a user and password.
 */
function userPassword(text: string, valueAt: number): Replacement | undefined {
  if (text[valueAt] === '"' || text[valueAt] === "'") {
    const quoted = readValue(text, valueAt);
    const replaced = quoted && hiddenPassword(quoted);
    return replaced ? { at: valueAt, length: quoted.length, text: replaced } : undefined;
  }
  USER_THEN_COLON.lastIndex = valueAt;
  const user = USER_THEN_COLON.exec(text)?.[0];
  const passwordAt = valueAt + (user?.length ?? 0);
  if (!user || text.startsWith('//', passwordAt)) return undefined;
  const password = readValue(text, passwordAt);
  return password ? { at: passwordAt, length: password.length, text: REDACTED } : undefined;
}

/** The secret after a name and its separator, if any: a secret pair's value, a cookie header, `-u user:pass`. */
function separatedValue(
  text: string,
  nameAt: number,
  name: string,
  separator: string,
  valueAt: number,
): Replacement | undefined {
  const assigns = ASSIGNS.test(separator);
  if (assigns && COOKIE_HEADERS.has(name.toLowerCase())) {
    const value = cookieValue(text, nameAt, valueAt);
    return value && value !== REDACTED
      ? { at: valueAt, length: value.length, text: hidden(value) }
      : undefined;
  }
  if (USER_FLAGS.has(name)) return userPassword(text, valueAt);
  const value = secretPair(name, assigns) ? readValue(text, valueAt) : undefined;
  // A flag's value never starts with a dash (`--token --verbose`): that is the next flag.
  if (!value || (!assigns && value.startsWith('-'))) return undefined;
  return { at: valueAt, length: value.length, text: hidden(value) };
}

/**
 * Replaces the value of every secret-named pair (`KEY=value`, `key: value`, `"key": "value"`,
 * `--flag value`, `--flag=value`, `-p value`, `password%3Dvalue`, `Authorization: Bearer value`), every
 * pair of a `Cookie:` header, the password of `-u user:pass` / `--user user:pass`, and a password glued
 * to `-p` (`-pS3cret`). One pass: a name is read once, a value is read only after a secret name and
 * then skipped, so the work is linear in the text.
 */
function redactPairs(text: string): string {
  let out = '';
  let copied = 0;
  NAME_THEN_SEPARATOR.lastIndex = 0;
  for (let m = NAME_THEN_SEPARATOR.exec(text); m; m = NAME_THEN_SEPARATOR.exec(text)) {
    const [whole, name = '', separator] = m;
    const found =
      gluedValue(text, m.index, name) ??
      (separator ? separatedValue(text, m.index, name, separator, m.index + whole.length) : undefined);
    if (!found) {
      // Not a secret: what follows the name may be a name of its own (`a=password=x`, `--verbose --token x`).
      if (separator) NAME_THEN_SEPARATOR.lastIndex = m.index + name.length;
      continue;
    }
    out += text.slice(copied, found.at) + found.text;
    copied = found.at + found.length;
    NAME_THEN_SEPARATOR.lastIndex = copied;
  }
  return out + text.slice(copied);
}

/**
 * Removes secret-looking values from free text (error messages, commit messages, URLs) and then caps
 * its length: self-identifying tokens (AWS key ids, JWTs, GitHub tokens, PEM keys, URL credentials) and
 * the value of every secret-named pair (see {@link namesSecret}): `KEY=value`, `KEY: value`, `"key":
 * "value"`, `--flag value`, `--flag=value`, `-p value`, `-pvalue`, URL-encoded `password%3Dvalue`,
 * headers (`Authorization: Bearer …`, `-H 'X-Api-Key: …'`, every pair of `Cookie: a=1; session=…`), and
 * the password of `-u user:pass` / `--user user:pass`. `knownSecrets` are exact values to remove as well (a CodeBuild build's environment
 * variable values chosen by {@link codebuildSecretValues}; 3+ characters): used here, never stored.
 * The patterns see at most `4 × maxChars` characters and each runs in linear time, so a hostile
 * message of any size costs no more than a short one.
 *
 * @example
 * ```ts
 * redact('./deploy.sh --db-password hunter2 --api-token=abc -H "X-Api-Key: k1"', 200);
 * // './deploy.sh --db-password *** --api-token=*** -H "X-Api-Key: ***"'
 * ```
 */
export function redact(text: string, maxChars: number, knownSecrets: Iterable<string> = []): string {
  // Known values first, on the whole text (linear): a value cut in two by the cap below would not match.
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= MIN_NAMED_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  // Cap (with slack) before the patterns so a 1 MB message costs no more than a small one, then cap again after.
  if (out.length > maxChars * MATCH_SLACK) out = dropCutWord(out.slice(0, maxChars * MATCH_SLACK));
  out = redactPrivateKeys(out);
  for (const [pattern, replacement] of tokenPatterns) out = out.replace(pattern, replacement);
  out = out.replace(WORD, (word) => (TOKEN_WORD.test(word) ? REDACTED : word));
  return truncate(redactPairs(out), maxChars);
}

/**
 * Drops the last word of a text a length cap cut: it may be a piece of a secret that no pattern
 * recognises any more (and that would show if redaction then shrinks the text). A long run without
 * spaces (over {@link MAX_CUT_WORD} characters: data, not a secret) is kept.
 */
function dropCutWord(text: string): string {
  for (let i = text.length - 1; i >= Math.max(0, text.length - MAX_CUT_WORD - 1); i--) {
    if (/\s/.test(text[i]!)) return i === text.length - 1 ? text : text.slice(0, i + 1);
  }
  return text;
}

/** `redact` for optional values. */
export function redactOptional(
  text: string | undefined | null,
  maxChars: number,
  knownSecrets?: Iterable<string>,
): string | undefined {
  return text ? redact(text, maxChars, knownSecrets) : undefined;
}
