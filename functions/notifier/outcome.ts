import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { logger, metrics } from '../lib/observability';
import { formatIssues } from '../lib/schema';
import { describeValue } from '../lib/schema-words';
import { truncate } from '../lib/text';
import type { SkipReason } from './model';

/** What one event led to. */
export type NotifyOutcome =
  { published: true; messageId?: string } | { published: false; reason: SkipReason };

/**
 * An event that notifies nobody: an INFO line saying why and a `NotificationSkipped` metric (dimension `reason`).
 *
 * @example
 * ```ts
 * return skipped('state-not-notified', { family: 'codepipeline-pipeline', resource: 'orders-prod' });
 * ```
 */
export function skipped(reason: SkipReason, context: Record<string, unknown>): NotifyOutcome {
  logger.info(`No notification: ${reason}`, { reason, ...context });
  const metric = metrics.singleMetric();
  metric.addDimension('reason', reason);
  metric.addMetric('NotificationSkipped', MetricUnit.Count, 1);
  return { published: false, reason };
}

/** A routing field for a log line: a string (cut to 200 characters) as it is, anything else by its kind only. */
const routingField = (value: unknown) =>
  typeof value === 'string'
    ? truncate(value, 200)
    : value === undefined
      ? 'unknown'
      : describeValue(value, true);

/** The routing fields of an event (detail-type and source) for a log line, never its values. */
export const header = (event: unknown) => {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  return { detailType: routingField(e['detail-type']), eventSource: routingField(e.source) };
};

/**
 * What is wrong with an event, naming each wrong field (`detail.state`) and what was expected — never
 * a value, whatever the field's name (an event carries CodeBuild PLAINTEXT values, summaries written
 * by anyone): values are described by type and length only. An error that is not a schema error
 * (a family's builder failing on an odd value) is named by its class only: its message may quote the value.
 */
function problemsOf(error: unknown): string {
  if (error instanceof z.ZodError) return formatIssues(error.issues, { secret: () => true });
  const name = error instanceof Error && error.name ? error.name : typeof error;
  return `the event could not be read (${name}; its message is not shown, it may quote the event)`;
}

/**
 * An event of a known family without the fields a notification cannot exist without: a failure may
 * hide behind it, so it is a WARN and an `EventRejected` metric — once with the dimension `family`,
 * once with the service's only (the one `NotifierEventsRejectedAlarm` watches).
 *
 * @example
 * ```ts
 * catch (error) { return rejected('codepipeline-pipeline', event, error); }
 * ```
 */
export function rejected(family: string, event: unknown, error: unknown): NotifyOutcome {
  const problems = problemsOf(error);
  logger.warn(`Event rejected: not a valid ${family} event: ${problems}`, {
    reason: 'invalid-event',
    family,
    problems,
    ...header(event),
  });
  const metric = metrics.singleMetric();
  metric.addDimension('family', family);
  metric.addMetric('EventRejected', MetricUnit.Count, 1);
  metrics.addMetric('EventRejected', MetricUnit.Count, 1);
  return { published: false, reason: 'invalid-event' };
}
