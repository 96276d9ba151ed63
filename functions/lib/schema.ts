import type * as z from 'zod';
import { ConfigurationError } from './errors';
import { disclosureOf, issueText } from './schema-words';

/** Options of {@link formatIssues}. */
export interface FormatIssuesOptions {
  /** Name of the whole value, the first segment of every path (`UserParameters`) (default: none). */
  root?: string;
  /**
   * True when every value at `path` must be described by type and length only (a SecureString
   * parameter: `() => true`). Whatever it says, the values of secret-looking, header, body and payload
   * fields are never shown, and URL-like fields show origin and path at most ({@link disclosureOf})
   * (default: no more than that).
   */
  secret?: (path: readonly PropertyKey[]) => boolean;
  /** Problems listed before "and N more" (default: 5). */
  maxIssues?: number;
}

/** `UserParameters.checks.0.url` for path `['checks', 0, 'url']` under root `UserParameters`. */
function issuePath(path: readonly PropertyKey[], root?: string): string {
  return [root, ...path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
}

/**
 * Turns schema (zod) issues into one plain-language line, each problem as `<path>: expected …, got …`
 * (`UserParameters.attempts: expected a number, got "five"`), the path said once. Values of
 * secret-looking, header, body and payload fields are described by type and length only; URL fields by
 * origin and path at most (`UserParameters.url: expected a URL, got "ftp://svc/health" (query not
 * shown)`), and by length when they do not parse. Parse with `{ reportInput: true }` so that "got" can
 * say what was received. `rootOrOptions` may be just the root's name.
 *
 * @example
 * ```ts
 * const parsed = schema.safeParse(value, { reportInput: true });
 * if (!parsed.success) throw new ConfigurationError(formatIssues(parsed.error.issues, { root: 'UserParameters' }));
 * ```
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  rootOrOptions: string | FormatIssuesOptions = {},
): string {
  const options = typeof rootOrOptions === 'string' ? { root: rootOrOptions } : rootOrOptions;
  const max = options.maxIssues ?? 5;
  const lines = issues.slice(0, max).map((issue) => {
    const path = issuePath(issue.path, options.root);
    const text = issueText(issue, options.secret?.(issue.path) ? 'hidden' : disclosureOf(issue.path));
    return path ? `${path}: ${text}` : text;
  });
  const more = issues.length - lines.length;
  return `${lines.join('; ')}${more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : ''}`;
}

/**
 * Parses an external payload (UserParameters, an AppSpec, an event detail) at the edge, throwing a
 * {@link ConfigurationError} that names each wrong field, what was expected and what was seen
 * (`options.secret`: which further values to describe by type and length only; see {@link formatIssues}).
 *
 * @example
 * ```ts
 * const params = parsePayload(httpCheckParams, JSON.parse(raw), 'UserParameters');
 * // ConfigurationError: UserParameters.url: expected a URL, got text of 4 characters (not shown)
 * ```
 */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  options: Pick<FormatIssuesOptions, 'secret'> = {},
): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success)
    throw new ConfigurationError(formatIssues(parsed.error.issues, { ...options, root: what }));
  return parsed.data;
}

/**
 * Parses JSON text, throwing a {@link ConfigurationError} that says where it broke — never quoting
 * the text itself (V8 quotes the input around the error, and a SecureString parameter or a token in
 * UserParameters must not reach a log line or a job's failure message).
 *
 * @example
 * ```ts
 * parseJson('{"task":', 'UserParameters'); // ConfigurationError: UserParameters is not valid JSON (Unexpected end of JSON input)
 * ```
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `${what} is not valid JSON (${withoutQuotedInput((error as Error).message)})`,
    );
  }
}

/**
 * V8's JSON error without the input it quotes (`Unexpected token 'x', "…" is not valid JSON`), found
 * with `indexOf` (a pattern over the quoted input would backtrack on it).
 */
function withoutQuotedInput(message: string): string {
  if (!message.endsWith(' is not valid JSON')) return message;
  const cuts = [message.indexOf(', "'), message.indexOf(', ..."')].filter((at) => at >= 0);
  return cuts.length ? message.slice(0, Math.min(...cuts)) : message;
}
