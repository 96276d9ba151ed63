import * as z from 'zod';
import { headersProblem } from './headers';
import { jsonExpectation } from './json-path';
import { allowedHost } from './target';

/** The most body bytes a check keeps (default: 1 MiB); the rest is not read. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** The highest `maxBodyBytes` a check may ask for: 10 MiB. */
const MAX_BODY_BYTES_LIMIT = 10 * 1_048_576;

/** An http(s) URL without credentials (`user:pass@`: fetch refuses them; send an `Authorization` header). */
export const httpUrl = z.url({ protocol: /^https?$/ }).refine(
  // A URL z.url rejected still reaches this check: it must not throw (TypeError carries the input).
  (url) => {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    return !parsed?.username && !parsed?.password;
  },
  { message: 'must not carry credentials (user:password@): send them in headers.Authorization instead' },
);

const statusCode = z.number().int().min(100).max(599);

const headers = z.record(z.string(), z.unknown()).transform((value, ctx) => {
  const problem = headersProblem(value);
  if (problem === undefined) return value as Record<string, string>;
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

/**
 * The request and expectation fields shared by every HTTP check (the pipeline action's `http-check`
 * task and the deploy hook's `http` check): `url`, `method` (case-insensitive, default `GET`),
 * `headers`, `body`, `expectStatus` (a code or a list of codes, parsed to a list; default any 2xx),
 * `expectBodyContains`, `expectJson`, `maxBodyBytes`, `followRedirects`, `allowedHosts`. Each
 * caller adds its own timing keys with `.shape`.
 *
 * @example
 * ```ts
 * const options = z.strictObject({ ...httpExpectation.shape, attempts: z.number().int().default(3) });
 * httpExpectation.parse({ url: 'https://api.example.com/health', expectStatus: 204 }).expectStatus; // [204]
 * ```
 */
export const httpExpectation = z.strictObject({
  url: httpUrl,
  method: z
    .string()
    .toUpperCase()
    .pipe(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']))
    .optional(),
  /** Sent to the URL's origin only, never to another origin a redirect leads to. */
  headers: headers.optional(),
  body: z.string().optional(),
  expectStatus: z
    .union([statusCode, z.array(statusCode).min(1)])
    .transform((codes) => (typeof codes === 'number' ? [codes] : codes))
    .optional(),
  /** Looked for in the kept part of the body (see `maxBodyBytes`). */
  expectBodyContains: z.string().optional(),
  expectJson: jsonExpectation.optional(),
  /** Body bytes kept and judged; a longer body is cut there and not read further (default: 1 MiB, at most 10 MiB). */
  maxBodyBytes: z.number().int().min(1).max(MAX_BODY_BYTES_LIMIT).optional(),
  /**
   * Which redirects to follow, at most 5 hops (default: `same-origin`): `none` judges the 3xx answer
   * itself, `same-origin` follows only to the URL's own origin (scheme, host and port), `any`
   * follows everywhere but sends the headers only to the URL's own origin.
   */
  followRedirects: z.enum(['same-origin', 'none', 'any']).optional(),
  /** When set, the URL and every redirect must go to one of these hosts (`*.example.com` for subdomains). */
  allowedHosts: z.array(allowedHost).min(1).optional(),
});

/** A parsed {@link httpExpectation}: what an HTTP endpoint must answer to count as healthy. */
export type HttpExpectation = z.output<typeof httpExpectation>;
