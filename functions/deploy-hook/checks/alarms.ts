import * as z from 'zod';
import { describeAlarms, type AlarmStatus } from '../../lib/aws/alarms';
import { countText, truncate } from '../../lib/text';
import { hookCall } from '../aws-call';
import { defineCheck } from './check';

const options = z.union([
  z.strictObject({ names: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ prefix: z.string().min(1) }),
]);

/**
 * `alarms`: the named CloudWatch alarms (metric or composite), or every alarm whose name starts with
 * `prefix`, must not be in ALARM. A named alarm that does not exist fails the check (a typo must not
 * pass silently).
 *
 * @example
 * ```json
 * { "check": "alarms", "names": ["orders-api-errors", "orders-api-latency-p99"] }
 * ```
 */
export const alarmsCheck = defineCheck({
  name: 'alarms',
  description:
    'no listed alarm (metric or composite) is in ALARM; a listed alarm that does not exist fails the check, naming it',
  options,
  async run(selector) {
    const started = Date.now();
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
    return {
      passed: true,
      durationMs,
      detail: `${countText(found.length, 'alarm')} checked, none in ALARM (${asked})`,
    };
  },
});

function describe(alarm: AlarmStatus): string {
  const since = alarm.updatedAt ? ` since ${alarm.updatedAt.toISOString()}` : '';
  return `${truncate(alarm.reason, 200)}${since}`;
}
