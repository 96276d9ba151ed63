import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { lazyClient } from '../clients';
import { ConfigurationError } from '../errors';

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

/** DescribeAlarms accepts at most 100 names per call, and returns at most 100 alarms per page. */
const NAMES_PER_CALL = 100;
const RECORDS_PER_PAGE = 100;

/** Pages read for one request before giving up (default: 20, so at most 2,000 alarms per prefix). */
const MAX_PAGES = 20;

/**
 * Reads the state of CloudWatch alarms (metric and composite), paginating and batching names. A
 * request that would need more than {@link MAX_PAGES} pages (a prefix matching thousands of alarms, an
 * endless `NextToken`) stops there with a {@link ConfigurationError} saying so — never a partial verdict.
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
    let pages = 0;
    do {
      if (pages++ === MAX_PAGES) throw tooManyPages(selector);
      const page = await cloudwatch().send(
        new DescribeAlarmsCommand({
          ...request,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: RECORDS_PER_PAGE,
          NextToken,
        }),
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

function tooManyPages(selector: AlarmSelector): ConfigurationError {
  const limit = `${MAX_PAGES} pages of DescribeAlarms (${MAX_PAGES * RECORDS_PER_PAGE} alarms), the most one check reads`;
  return new ConfigurationError(
    'prefix' in selector
      ? `Alarms named ${selector.prefix}* fill more than ${limit}: use a longer prefix or list the alarms by name`
      : `DescribeAlarms kept answering with more pages after ${limit}`,
  );
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
