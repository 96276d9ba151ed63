import * as z from 'zod';
import { ConfigurationError } from '../../lib/errors';
import { httpExpectation, httpUrl } from '../../lib/http/expectation';
import { describeJsonType, parseJsonText, readJsonPath } from '../../lib/http/json-path';
import { probeHttp } from '../../lib/http/probe';
import { countText } from '../../lib/text';
import { attemptTimeoutMs, awaitAttempt } from './support/next-attempt';
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

/**
 * Reads the URL to check from an input artifact file: its text, or the value at `jsonPath` of its
 * JSON. Failures name the artifact, file and key, and never quote the file (it may hold secrets).
 */
async function urlFromArtifact(
  from: { artifact: string; file: string; jsonPath?: string },
  read: (artifact: string, file: string) => Promise<Uint8Array>,
): Promise<string> {
  const bytes = await read(from.artifact, from.file);
  const where = `Input artifact "${from.artifact}" file "${from.file}"`;
  const text = new TextDecoder().decode(bytes).trim();
  let url: unknown = text;
  if (from.jsonPath) {
    const parsed = parseJsonText(text);
    if (!parsed) {
      throw new ConfigurationError(
        `${where} is not JSON (${countText(bytes.byteLength, 'byte')}), but urlFrom.jsonPath needs a JSON document`,
      );
    }
    const seen = readJsonPath(parsed.value, from.jsonPath);
    if (!seen.found)
      throw new ConfigurationError(`${where} has no key "${from.jsonPath}" (urlFrom.jsonPath)`);
    url = seen.value;
  }
  const parsed = httpUrl.safeParse(url);
  if (parsed.success) return parsed.data;
  const key = from.jsonPath ? ` key "${from.jsonPath}"` : '';
  throw new ConfigurationError(
    `${where}${key} does not hold an http(s) URL without credentials (found ${describeJsonType(url)})`,
  );
}

/**
 * `http-check`: calls a URL (given, or read from an input artifact file: then loopback hosts are refused
 * unless `allowedHosts` names them) until it answers as expected
 * (status, body text, JSON value), up to `attempts` times `intervalSeconds` apart. Each attempt's
 * timeout is cut to what remains of the invocation. When the next attempt does not fit, the task
 * waits as long as the invocation allows and hands over `{attemptsDone, nextAttemptAt}` through the
 * continuation token; the next invocation waits until `nextAttemptAt` (at most one interval), so the
 * interval holds across invocations.
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
  /** `nextAttemptAt` (epoch ms) is left out once it is due; tokens without it attempt at once. */
  state: z.strictObject({
    attemptsDone: z.number().int().min(0),
    nextAttemptAt: z.number().int().positive().optional(),
  }),
  async run(p, ctx) {
    const { attempts, intervalSeconds, timeoutSeconds, urlFrom, ...request } = p;
    const intervalMs = intervalSeconds * 1000;
    if (attemptTimeoutMs(timeoutSeconds * 1000) === undefined) {
      throw new ConfigurationError(
        `an invocation leaves only ${Math.max(0, Math.floor(ctx.remainingWorkMs()))} ms of work time, too little for one attempt: raise the function's Timeout (or lower PIPEWRIGHT_REPORT_RESERVE_MS)`,
      );
    }
    const url = request.url ?? (await urlFromArtifact(urlFrom!, ctx.readInputArtifactFile));
    let attemptsDone = ctx.previous?.attemptsDone ?? 0;
    // A due time more than one interval ahead (clock skew, an edited token) is not waited for.
    let dueAt = Math.min(ctx.previous?.nextAttemptAt ?? 0, Date.now() + intervalMs);
    let last: string | undefined;
    for (;;) {
      const timeoutMs = await awaitAttempt(dueAt, timeoutSeconds * 1000);
      if (timeoutMs === undefined) return handOver({ attemptsDone, attempts, dueAt, last });
      // A URL from an artifact is steered by whoever shapes the build output: no loopback (Runtime API).
      const probe = await probeHttp({ ...request, url, timeoutMs, urlFromArtifact: urlFrom !== undefined });
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
          message: `HTTP check failed after ${attemptsDone} of ${countText(attempts, 'attempt')}; last: ${probe.detail}`,
        };
      }
      last = probe.detail;
      dueAt = Date.now() + intervalMs;
    }
  },
});

function handOver(at: { attemptsDone: number; attempts: number; dueAt: number; last?: string }) {
  const { attemptsDone, attempts, dueAt, last } = at;
  // Under a second away counts as due: CodePipeline takes longer than that to invoke the function again.
  const waiting = dueAt - Date.now() >= 1_000;
  const done = last
    ? `Attempt ${attemptsDone} of ${attempts} done (${last})`
    : `${attemptsDone} of ${attempts} attempts done`;
  const next = waiting ? `due at ${new Date(dueAt).toISOString()}` : 'due now';
  return {
    status: 'inProgress' as const,
    state: waiting ? { attemptsDone, nextAttemptAt: dueAt } : { attemptsDone },
    summary: `${done}; attempt ${attemptsDone + 1} ${next}, continuing in the next invocation`,
    percentComplete: (attemptsDone / attempts) * 100,
  };
}
