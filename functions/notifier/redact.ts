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
/**
 * Environment variable names that hold a secret: a secret word anywhere in the name (`DBPASSWORD`), or
 * a short one as a whole word (`DB_PIN`, `deployKey`, but not `SHIPPING`, `MONKEY` or `BYPASS_CACHE`).
 */
const SECRET_NAME =
  /passw(?:or)?d|passphrase|secret|token|credential|apikey|privatekey|signature|authori[sz]ation|auth(?!or)|(?:^|[^a-z])(?:pass|pwd|pin|key|otp|salt|cookie|private)(?![a-z])/i;

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
    value.length >= (SECRET_NAME.test(splitCamelCase(name)) ? MIN_NAMED_SECRET_LENGTH : MIN_SECRET_LENGTH) &&
    !shown.includes(value)
      ? [value]
      : [],
  );
}

/** `deployKey` → `deploy_Key`, so that camel-case words are whole words too. */
const splitCamelCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');

/** Patterns of secret-looking text; each match is replaced (keeping a leading key name where there is one). */
const secretPatterns: Array<[RegExp, string]> = [
  // AWS access key ids
  [/\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b/g, REDACTED],
  // key=value / key: value where the key names a secret
  [
    /\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|authorization)[\w.-]*)("?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi,
    `$1$2${REDACTED}`,
  ],
  // credentials in URLs: https://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
  // signed URL parameters
  [
    /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|sig|access_token|token|code)=)[^&\s]+/gi,
    `$1${REDACTED}`,
  ],
  // bearer tokens, GitHub / Slack tokens, JWTs
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})\b/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, REDACTED],
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/**
 * Removes secret-looking values from free text (error messages, commit messages, URLs) and then caps
 * its length. `knownSecrets` are exact values to remove as well (a CodeBuild build's environment
 * variable values chosen by {@link codebuildSecretValues}; 3+ characters): used here, never stored.
 *
 * @example
 * ```ts
 * redact('curl -H "Authorization: Bearer abc.def.ghi" https://u:p@host/x?token=1', 200);
 * // 'curl -H "Authorization: ***" https://***@host/x?token=***'
 * ```
 */
export function redact(text: string, maxChars: number, knownSecrets: Iterable<string> = []): string {
  // Known values first, on the whole text (linear): a value cut in two by the cap below would not match.
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= MIN_NAMED_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  // Cap (with slack) before the patterns so a 1 MB message costs no more than a small one, then cap again after.
  if (out.length > maxChars * 4) out = dropCutWord(out.slice(0, maxChars * 4));
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return truncate(out, maxChars);
}

/**
 * Drops the last word of a text a length cap cut: it may be a piece of a secret that no pattern
 * recognises any more (and that would show if redaction then shrinks the text). A long run without
 * spaces (over 1,000 characters: data, not a secret) is kept.
 */
function dropCutWord(text: string): string {
  const start = text.search(/\S+$/);
  return start > 0 && text.length - start <= 1_000 ? text.slice(0, start) : text;
}

/** `redact` for optional values. */
export function redactOptional(
  text: string | undefined | null,
  maxChars: number,
  knownSecrets?: Iterable<string>,
): string | undefined {
  return text ? redact(text, maxChars, knownSecrets) : undefined;
}
