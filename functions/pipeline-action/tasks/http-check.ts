import * as z from 'zod';
import { ConfigurationError } from '../../lib/errors';
import { httpExpectation, httpUrl } from '../../lib/http-expectation';
import { probeHttp, readJsonPath } from '../../lib/http-probe';
import { waitIfTimeAllows } from './wait-if-time-allows';
import { defineTask } from './task';

const params = z
  .strictObject({
    ...httpExpectation.shape,
    url: httpUrl.optional(),
    /** Read the URL from a file of an input artifact (e.g. the stack outputs a build wrote). */
    urlFrom: z
      .strictObject({
        artifact: z.string().min(1),
        file: z.string().min(1),
        jsonPath: z.string().min(1).optional(),
      })
      .optional(),
    attempts: z.number().int().min(1).max(1000).default(5),
    intervalSeconds: z.number().min(0).max(3600).default(10),
    timeoutSeconds: z.number().positive().max(300).default(10),
  })
  .refine((p) => (p.url === undefined) !== (p.urlFrom === undefined), {
    message: 'set exactly one of "url" or "urlFrom" ({"artifact","file","jsonPath"})',
  });

/** Reads the URL to check from an input artifact file: its text, or the value at `jsonPath` of its JSON. */
async function urlFromArtifact(
  from: { artifact: string; file: string; jsonPath?: string },
  read: (artifact: string, file: string) => Promise<Uint8Array>,
): Promise<string> {
  const text = new TextDecoder().decode(await read(from.artifact, from.file)).trim();
  let url: unknown = text;
  if (from.jsonPath) {
    const seen = readJsonPath(text, from.jsonPath);
    if (!seen.found) throw new ConfigurationError(`${from.artifact}/${from.file}: ${seen.reason}`);
    url = seen.value;
  }
  const parsed = httpUrl.safeParse(url);
  if (!parsed.success) {
    throw new ConfigurationError(
      `${from.artifact}/${from.file} does not hold an http(s) URL (got ${JSON.stringify(url)})`,
    );
  }
  return parsed.data;
}

/**
 * `http-check`: calls a URL (given, or read from an input artifact file) until it answers as expected (status, body text, JSON value), up to
 * `attempts` times `intervalSeconds` apart. Attempts carry on across invocations through the
 * continuation token when the next one would not fit in the remaining time.
 *
 * @example UserParameters
 * ```json
 * {"task":"http-check","url":"https://api.example.com/health","expectJson":{"path":"status","equals":"ok"},"attempts":6}
 * ```
 */
export const httpCheckTask = defineTask({
  name: 'http-check',
  description: 'HTTP smoke check with retries (status, body text, JSON path)',
  params,
  state: z.strictObject({ attemptsDone: z.number().int().min(0) }),
  async run(p, ctx) {
    const { attempts, intervalSeconds, timeoutSeconds, urlFrom, ...request } = p;
    const url = request.url ?? (await urlFromArtifact(urlFrom!, ctx.readInputArtifactFile));
    const expectation = { ...request, url, timeoutMs: timeoutSeconds * 1000 };
    let attemptsDone = ctx.previous?.attemptsDone ?? 0;
    // The first attempt of an invocation always runs; later ones only if they fit before the deadline.
    for (;;) {
      const probe = await probeHttp(expectation);
      attemptsDone += 1;
      if (probe.ok) {
        return {
          status: 'succeeded',
          summary: `${probe.detail} (attempt ${attemptsDone} of ${attempts})`,
          outputVariables: { HttpStatus: String(probe.status), DurationMs: String(probe.durationMs) },
        };
      }
      if (attemptsDone >= attempts) {
        return {
          status: 'failed',
          message: `HTTP check failed after ${attemptsDone} of ${attempts} attempts; last: ${probe.detail}`,
        };
      }
      if (!(await waitIfTimeAllows(intervalSeconds * 1000, expectation.timeoutMs))) {
        return handOver(attemptsDone, attempts, probe.detail);
      }
    }
  },
});

function handOver(attemptsDone: number, attempts: number, last: string) {
  return {
    status: 'inProgress' as const,
    state: { attemptsDone },
    summary: `Attempt ${attemptsDone} of ${attempts} done (${last}); continuing in the next invocation`,
    percentComplete: (attemptsDone / attempts) * 100,
  };
}
