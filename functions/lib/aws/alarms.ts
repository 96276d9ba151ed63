import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { lazyClient } from '../clients';

const cloudwatch = lazyClient(CloudWatchClient);

/** Which alarms to look at: explicit names (metric and composite), or every alarm whose name starts with a prefix. */
export type AlarmSelector = { names: string[] } | { prefix: string };

/** One alarm and why it is (or is not) firing. */
export interface AlarmStatus {
  name: string;
  state: string;
  reason: string;
  updatedAt?: Date;
}

/** The outcome of looking at a set of alarms. */
export interface AlarmReport {
  /** Alarms found in state ALARM. */
  firing: AlarmStatus[];
  /** Every alarm found, whatever its state. */
  found: AlarmStatus[];
  /** Names that were asked for but do not exist (a typo in configuration must not pass silently). */
  missing: string[];
}

/** DescribeAlarms accepts at most 100 names per call. */
const NAMES_PER_CALL = 100;

/**
 * Reads the state of CloudWatch alarms (metric and composite), paginating and batching names.
 *
 * @example
 * ```ts
 * const { firing, missing } = await describeAlarms({ names: ['api-5xx', 'api-latency-p99'] });
 * ```
 */
export async function describeAlarms(selector: AlarmSelector): Promise<AlarmReport> {
  const found: AlarmStatus[] = [];
  const requests: DescribeAlarmsCommandInput[] =
    'prefix' in selector
      ? [{ AlarmNamePrefix: selector.prefix }]
      : chunk([...new Set(selector.names)], NAMES_PER_CALL).map((AlarmNames) => ({ AlarmNames }));
  for (const request of requests) {
    let NextToken: string | undefined;
    do {
      const page = await cloudwatch().send(
        new DescribeAlarmsCommand({ ...request, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken }),
      );
      for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
        found.push({
          name: alarm.AlarmName ?? '(unnamed)',
          state: alarm.StateValue ?? 'UNKNOWN',
          reason: alarm.StateReason ?? '',
          updatedAt: alarm.StateUpdatedTimestamp,
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  const foundNames = new Set(found.map((a) => a.name));
  const missing = 'names' in selector ? selector.names.filter((name) => !foundNames.has(name)) : [];
  return { firing: found.filter((a) => a.state === 'ALARM'), found, missing };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
