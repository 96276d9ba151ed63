import { countText } from '../../functions/lib/text';
import type { JsonService } from './protocol';
import type { StateAlarm } from './state-schema';
import { ACCOUNT_ID, AwsError } from './world';

/**
 * CloudWatch (JSON 1.0 with awsQueryCompatible, `GraniteServiceVersion20100801`). As the real API,
 * DescribeAlarms returns only metric alarms unless `AlarmTypes` asks for composite ones.
 */
export const cloudwatch: JsonService = {
  iam: 'cloudwatch',
  target: 'GraniteServiceVersion20100801',
  version: '1.0',
  queryCompatible: { namespace: 'com.amazonaws.cloudwatch' },
  operations: {
    DescribeAlarms(input, call) {
      const names: string[] | undefined = input.AlarmNames;
      if (names && names.length > 100)
        throw new AwsError('ValidationError', 'AlarmNames holds at most 100 names');
      const types: string[] = input.AlarmTypes ?? ['MetricAlarm'];
      const selected = (call.world.state.cloudwatch?.alarms ?? []).filter(
        (a) =>
          (!names || names.includes(a.name)) &&
          (!input.AlarmNamePrefix || a.name.startsWith(input.AlarmNamePrefix)) &&
          (!input.StateValue || (a.state ?? 'OK') === input.StateValue),
      );
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const max = input.MaxRecords ?? 50;
      const pageItems = selected.slice(start, start + max);
      const next = start + max < selected.length ? String(start + max) : undefined;
      const shape = (a: StateAlarm) => ({
        AlarmName: a.name,
        AlarmArn: `arn:aws:cloudwatch:${call.world.region}:${ACCOUNT_ID}:alarm:${a.name}`,
        StateValue: a.state ?? 'OK',
        StateReason: a.reason ?? 'Threshold Crossed',
        StateUpdatedTimestamp: Date.parse(a.updatedAt ?? '2026-01-01T00:00:00Z') / 1000,
      });
      const metric = types.includes('MetricAlarm')
        ? pageItems.filter((a) => (a.type ?? 'MetricAlarm') === 'MetricAlarm')
        : [];
      const composite = types.includes('CompositeAlarm')
        ? pageItems.filter((a) => a.type === 'CompositeAlarm')
        : [];
      const firing = [...metric, ...composite].filter((a) => a.state === 'ALARM').length;
      call.note(`${countText(metric.length + composite.length, 'alarm')}, ${firing} in ALARM`);
      return { MetricAlarms: metric.map(shape), CompositeAlarms: composite.map(shape), NextToken: next };
    },
  },
};
