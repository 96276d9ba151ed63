import * as z from 'zod';
import type { Notification } from '../notifier/model';
import { regionPartition } from '../notifier/links';
import { incidental } from '../notifier/sources/tolerant';
import { truncate } from '../lib/text';

/** The JSON CloudWatch publishes to the topic when one of the stack's alarms changes state. */
const alarmSchema = z.object({
  AlarmName: z.string().min(1),
  NewStateValue: z.string().min(1),
  NewStateReason: incidental(z.string()),
  AlarmDescription: incidental(z.string()),
  OldStateValue: incidental(z.string()),
  StateChangeTime: incidental(z.string()),
  AlarmArn: incidental(z.string()),
  AWSAccountId: incidental(z.string()),
  Trigger: incidental(z.object({ MetricName: incidental(z.string()), Namespace: incidental(z.string()) })),
});

/** `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:name` → `eu-west-1`. */
const regionOf = (arn: string | undefined) => arn?.split(':')[3] || process.env.AWS_REGION || '';

/** Characters kept of an alarm's reason and description (they are one-liners; this bounds odd ones). */
const ALARM_TEXT_CHARS = 1_000;

function severityOf(state: string, old: string | undefined): Notification['severity'] {
  if (state === 'ALARM') return 'critical';
  if (state === 'OK') return old === 'ALARM' ? 'recovered' : 'info';
  return 'warning';
}

/**
 * The notification for a CloudWatch alarm message (the stack's alarms notify the same topic: a
 * function failing, a failure queue filling up), or `undefined` when the value is not one. An alarm in
 * `ALARM` is critical and its reason is the failure; back to `OK` from `ALARM` it is a recovery.
 *
 * @example
 * ```ts
 * readAlarm({ AlarmName: 'pipewright-NotifierErrorsAlarm', NewStateValue: 'ALARM', NewStateReason: 'Threshold Crossed' })?.severity; // 'critical'
 * ```
 */
export function readAlarm(value: unknown): Notification | undefined {
  const parsed = alarmSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const alarm = parsed.data;
  const region = regionOf(alarm.AlarmArn);
  const severity = severityOf(alarm.NewStateValue, alarm.OldStateValue);
  const reason = alarm.NewStateReason && truncate(alarm.NewStateReason, ALARM_TEXT_CHARS);
  const time = alarm.StateChangeTime ? Date.parse(alarm.StateChangeTime) : Number.NaN;
  const metric = alarm.Trigger?.MetricName;
  const console = region && `https://${regionPartition(region).consoleHost}/cloudwatch/home?region=${region}`;
  return {
    source: 'cloudwatch',
    scope: 'alarm',
    nouns: { resource: 'CloudWatch alarm', run: 'was' },
    placement: {},
    resource: alarm.AlarmName,
    arn: alarm.AlarmArn ?? '',
    state: alarm.NewStateValue,
    label: severity === 'recovered' ? 'RECOVERED' : alarm.NewStateValue,
    severity,
    region,
    account: alarm.AWSAccountId ?? '',
    time: Number.isFinite(time) ? time : Date.now(),
    // The headline's run: `CloudWatch alarm X ALARM (was OK)`.
    executionId: alarm.OldStateValue ?? 'unknown',
    failures:
      severity === 'critical' && reason
        ? [
            {
              action: metric ? `metric ${metric}` : 'alarm rule',
              provider: alarm.Trigger?.Namespace,
              summary: reason,
            },
          ]
        : [],
    revisions: [],
    links: console
      ? [{ label: 'Alarm', url: `${console}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}` }]
      : [],
    facts: [
      ...(alarm.AlarmDescription ? [truncate(alarm.AlarmDescription, ALARM_TEXT_CHARS)] : []),
      ...(severity !== 'critical' && reason ? [reason] : []),
    ],
  };
}
