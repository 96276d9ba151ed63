import * as z from 'zod';
import { describeAlarms } from '../../lib/aws/alarms';
import { ConfigurationError } from '../../lib/errors';
import { countText, listText } from '../../lib/text';
import { defineTask } from './task';

const params = z
  .strictObject({
    alarms: z.array(z.string().min(1)).min(1).optional(),
    alarmPrefix: z.string().min(1).optional(),
  })
  .refine((p) => (p.alarms === undefined) !== (p.alarmPrefix === undefined), {
    message: 'set exactly one of "alarms" (a list of names) or "alarmPrefix"',
  });

/**
 * `alarm-gate`: fails when any of the CloudWatch alarms (metric or composite, by names or prefix) is
 * in ALARM, listing each with its reason. Names that do not exist, or a prefix that matches none, are
 * a ConfigurationError: a typo must not pass a gate silently.
 *
 * @example UserParameters
 * ```json
 * {"task":"alarm-gate","alarms":["orders-api-5xx","orders-api-latency-p99"]}
 * ```
 */
export const alarmGateTask = defineTask({
  name: 'alarm-gate',
  description: 'Fails when a CloudWatch alarm (by names or prefix) is in ALARM',
  params,
  state: z.never(),
  async run(p) {
    const report = await describeAlarms(p.alarms ? { names: p.alarms } : { prefix: p.alarmPrefix! });
    if (report.missing.length > 0) {
      throw new ConfigurationError(
        `No CloudWatch alarm named ${listText(report.missing.map((n) => `"${n}"`))}`,
      );
    }
    if (report.found.length === 0) {
      throw new ConfigurationError(`No CloudWatch alarm name starts with "${p.alarmPrefix}"`);
    }
    if (report.firing.length > 0) {
      const lines = report.firing.map((a) => `${a.name}: ${a.reason || 'no reason given'}`);
      return {
        status: 'failed',
        message: `${report.firing.length} of ${countText(report.found.length, 'alarm')} in ALARM: ${lines.join('; ')}`,
      };
    }
    const noData = report.found.filter((a) => a.state === 'INSUFFICIENT_DATA').map((a) => a.name);
    return {
      status: 'succeeded',
      summary: `${countText(report.found.length, 'alarm')} checked, none in ALARM${noData.length ? ` (${noData.length} with insufficient data: ${listText(noData)})` : ''}`,
      outputVariables: { AlarmsChecked: String(report.found.length) },
    };
  },
});
