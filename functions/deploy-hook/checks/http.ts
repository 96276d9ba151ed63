import * as z from 'zod';
import { httpExpectation } from '../../lib/http/expectation';
import { probeHttp, type HttpProbeResult } from '../../lib/http/probe';
import { pause } from '../../lib/invocation';
import { defineCheck } from './check';

const options = z.strictObject({
  /** url (for an ECS blue/green deployment, the load balancer's TEST listener), method, headers, body, expect*, maxBodyBytes, followRedirects, allowedHosts. */
  ...httpExpectation.shape,
  /** Per-attempt timeout (default: 10000 ms). */
  timeoutMs: z.number().int().positive().optional(),
  /** Attempts before the check fails (default: 3). */
  attempts: z.number().int().min(1).max(20).default(3),
  /** Pause between attempts (default: 5000 ms). */
  intervalMs: z.number().int().min(0).default(5_000),
});

/**
 * `http`: the URL must answer as expected; a failed attempt is retried `attempts` times with
 * `intervalMs` between them (new tasks behind a test listener may need a moment). The last attempt's
 * detail is what a failure reports.
 *
 * @example
 * ```json
 * { "check": "http", "url": "http://orders-alb-123.eu-west-1.elb.amazonaws.com:8080/health",
 *   "expectJson": { "path": "status", "equals": "ok" }, "attempts": 5, "intervalMs": 3000 }
 * ```
 */
export const httpCheck = defineCheck({
  name: 'http',
  description: "one attempt answers as expected; waits between attempts stop at the hook's deadline",
  options,
  async run({ attempts, intervalMs, ...expectation }) {
    const started = Date.now();
    let last: HttpProbeResult | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await pause(intervalMs);
      last = await probeHttp(expectation);
      if (last.ok) break;
    }
    const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    return {
      passed: last!.ok,
      durationMs: Date.now() - started,
      detail: last!.ok ? last!.detail : `${last!.detail}${suffix}`,
    };
  },
});
