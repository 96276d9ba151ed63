import * as z from 'zod';
import { describeAlarms, type AlarmSelector, type AlarmStatus } from '../../lib/aws/alarms';
import { countText, formatDuration, truncate } from '../../lib/text';
import { hookCall } from '../aws-call';
import { defineCheck, firstRun } from './check';

const watch = {
  /** Passes only once no alarm has been in ALARM at any look for this long since the first (default: one look). */
  okForSeconds: z.number().int().min(1).max(86_400).optional(),
  /** Time between two looks while watching (default: 60 s). */
  intervalSeconds: z.number().int().min(1).max(900).optional(),
};

const options = z
  .union([
    z.strictObject({ names: z.array(z.string().min(1)).min(1), ...watch }),
    z.strictObject({ prefix: z.string().min(1), ...watch }),
  ])
  .refine((o) => o.intervalSeconds === undefined || o.okForSeconds !== undefined, {
    message: '"intervalSeconds" goes with "okForSeconds" (the time the alarms must stay out of ALARM)',
    path: ['intervalSeconds'],
  });

/**
 * `alarms`: the named CloudWatch alarms (metric or composite), or every alarm whose name starts with
 * `prefix`, must not be in ALARM. A named alarm that does not exist fails the check (a typo must not
 * pass silently). With `okForSeconds` the check watches: it looks again every `intervalSeconds` and
 * passes once that long has gone by since its first look without any alarm in ALARM, failing at the
 * first look that finds one.
 *
 * @example
 * ```json
 * { "check": "alarms", "names": ["orders-api-errors", "orders-api-latency-p99"], "okForSeconds": 300 }
 * ```
 */
export const alarmsCheck = defineCheck({
  name: 'alarms',
  description:
    'no listed alarm (metric or composite) is in ALARM (with okForSeconds: at any look during that time); a listed alarm that does not exist fails the check, naming it',
  options,
  async run(options, _target, run = firstRun()) {
    const { okForSeconds, intervalSeconds = 60 } = options;
    const started = Date.now();
    const selector: AlarmSelector =
      'names' in options ? { names: options.names } : { prefix: options.prefix };
    const { firing, found, missing } = await hookCall('DescribeAlarms', 'cloudwatch:DescribeAlarms', () =>
      describeAlarms(selector),
    );
    const durationMs = Date.now() - started;
    const asked = 'names' in selector ? selector.names.join(', ') : `alarms named ${selector.prefix}*`;
    const problems = [
      ...missing.map((name) => `${name} does not exist`),
      ...firing.map((alarm) => `${alarm.name} is in ALARM (${describe(alarm)})`),
    ];
    if (problems.length > 0) {
      return {
        passed: false,
        durationMs,
        detail: `expected no alarm in ALARM among ${asked}, got: ${problems.join('; ')}`,
      };
    }
    const checked = `${countText(found.length, 'alarm')} checked, none in ALARM (${asked})`;
    if (okForSeconds === undefined) return { passed: true, durationMs, detail: checked };
    const watchedMs = Date.now() - run.startedAt;
    const leftMs = okForSeconds * 1000 - watchedMs;
    if (leftMs <= 0) {
      return { passed: true, durationMs, detail: `${checked} at each look for ${formatDuration(watchedMs)}` };
    }
    return {
      passed: false,
      durationMs,
      detail: `${checked} so far; ${formatDuration(watchedMs)} of the ${okForSeconds} s they must stay out of ALARM watched`,
      retry: { afterMs: Math.min(intervalSeconds * 1000, leftMs) },
    };
  },
});

function describe(alarm: AlarmStatus): string {
  const since = alarm.updatedAt ? ` since ${alarm.updatedAt.toISOString()}` : '';
  return `${truncate(alarm.reason, 200)}${since}`;
}
