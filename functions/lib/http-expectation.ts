import * as z from 'zod';

/** An http(s) URL. */
export const httpUrl = z.url({ protocol: /^https?$/ });

/** A dot path into a JSON document (`status`, `checks.0.state`) and the value it must have. */
export const jsonExpectation = z.strictObject({
  path: z.string().min(1),
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});

const statusCode = z.number().int().min(100).max(599);

/**
 * The request and expectation fields shared by every HTTP check (the pipeline action's `http-check`
 * task and the deploy hook's `http` check): `url`, `method` (case-insensitive, default `GET`),
 * `headers`, `body`, `expectStatus` (a code or a list of codes, parsed to a list; default any 2xx),
 * `expectBodyContains`, `expectJson`. Each caller adds its own timing keys with `.extend`/`.shape`;
 * the parsed value fits {@link HttpExpectation} of `http-probe.ts`.
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
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  expectStatus: z
    .union([statusCode, z.array(statusCode).min(1)])
    .transform((codes) => (typeof codes === 'number' ? [codes] : codes))
    .optional(),
  expectBodyContains: z.string().optional(),
  expectJson: jsonExpectation.optional(),
});
