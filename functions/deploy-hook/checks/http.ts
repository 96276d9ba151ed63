import * as z from 'zod';
import { ConfigurationError } from '../../lib/errors';
import { httpExpectation, httpUrl } from '../../lib/http/expectation';
import { probeHttp } from '../../lib/http/probe';
import { remainingWorkMs } from '../../lib/invocation';
import { defineCheck, firstRun, type Listeners } from './check';

/** Time kept after an attempt's timeout, before the work deadline, to judge the answer (default: 1000 ms). */
const ATTEMPT_MARGIN_MS = 1_000;

const options = z
  .strictObject({
    /** method, headers, body, expect*, maxBodyBytes, followRedirects, allowedHosts: as the pipeline action's http-check. */
    ...httpExpectation.shape,
    url: httpUrl.optional(),
    /** Instead of `url`: the configured listener (`listeners.test` or `listeners.production`) followed by `path`. */
    listener: z.enum(['test', 'production']).optional(),
    /** Appended to the listener's URL (default: nothing). */
    path: z.string().startsWith('/').optional(),
    /** Per-attempt timeout (default: 10000 ms). */
    timeoutMs: z.number().int().positive().optional(),
    /** Attempts before the check fails (default: 3). */
    attempts: z.number().int().min(1).max(100).default(3),
    /** Pause between attempts (default: 5000 ms). */
    intervalMs: z.number().int().min(0).max(900_000).default(5_000),
  })
  .refine((o) => (o.url === undefined) !== (o.listener === undefined), {
    message: 'set exactly one of "url" or "listener" ("test" or "production", with an optional "path")',
  })
  .refine((o) => o.path === undefined || o.listener !== undefined, {
    message: '"path" goes with "listener"; put the path into "url" instead',
    path: ['path'],
  });

/**
 * `http`: one attempt per run — the URL (given, or a configured listener plus `path`) must answer as
 * expected; a failed attempt asks to be retried after `intervalMs` until `attempts` are made (new tasks
 * behind a test listener may need a moment). Each attempt's timeout is cut to the work time left. The
 * last attempt's detail is what a failure reports.
 *
 * @example
 * ```json
 * { "check": "http", "listener": "test", "path": "/health",
 *   "expectJson": { "path": "status", "equals": "ok" }, "attempts": 5, "intervalMs": 3000 }
 * ```
 */
export const httpCheck = defineCheck({
  name: 'http',
  description:
    "an attempt answers as expected; waits between attempts stop at the hook's deadline (ECS: continued in the next invocation)",
  options,
  async run(
    { attempts, intervalMs, listener, path, timeoutMs = 10_000, ...request },
    _target,
    run = firstRun(),
  ) {
    const url = request.url ?? listenerUrl(listener!, path, run.listeners);
    const allowedMs = Math.floor(remainingWorkMs() - ATTEMPT_MARGIN_MS);
    const probe = await probeHttp({
      ...request,
      url,
      timeoutMs: Math.max(1, Math.min(timeoutMs, allowedMs)),
    });
    const again = !probe.ok && run.attempt < attempts;
    let detail = probe.detail;
    if (!probe.ok && attempts > 1) {
      detail += again ? ` (attempt ${run.attempt} of ${attempts})` : ` (after ${attempts} attempts)`;
    }
    return {
      passed: probe.ok,
      durationMs: probe.durationMs,
      detail,
      ...(again ? { retry: { afterMs: intervalMs } } : {}),
    };
  },
});

/** The configured listener's URL with `path` appended (one trailing slash of the listener URL dropped). */
function listenerUrl(listener: keyof Listeners, path: string | undefined, listeners: Listeners): string {
  const base = listeners[listener];
  if (base === undefined) {
    throw new ConfigurationError(
      `The http check asks for the ${listener} listener, but the configuration has no "listeners": {"${listener}": "<url>"}`,
    );
  }
  const url = `${base.endsWith('/') ? base.slice(0, -1) : base}${path ?? ''}`;
  if (!httpUrl.safeParse(url).success) {
    throw new ConfigurationError(`The ${listener} listener's URL followed by the path is not an http(s) URL`);
  }
  return url;
}
