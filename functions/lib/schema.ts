import * as z from 'zod';
import { ConfigurationError } from './errors';

/** Formats zod issues as `field.path: message; other: message`, naming fields from `root`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root?: string): string {
  return issues
    .map((issue) => {
      const field = [root, ...issue.path.map(String)].filter(Boolean).join('.');
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Parses an external payload (UserParameters, an AppSpec, an event detail) at the edge, throwing a
 * {@link ConfigurationError} that names each wrong field and what was expected.
 *
 * @example
 * ```ts
 * const params = parsePayload(httpCheckParams, JSON.parse(raw), 'UserParameters');
 * // ConfigurationError: UserParameters.url: Invalid URL
 * ```
 */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ConfigurationError(`${what} is invalid: ${formatIssues(parsed.error.issues, what)}`);
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
