import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import type { Context } from 'aws-lambda';
import { DeadlineExceededError, describeError } from '../lib/errors';
import { MAX_EVENTBRIDGE_EVENT_BYTES, checkEventSizeIssue } from '../lib/event-size';
import { runBeforeDeadline, runBeforeReserve } from '../lib/invocation';
import { correlate, logger, metrics } from '../lib/observability';
import { formatIssues } from '../lib/schema';
import { describeValue } from '../lib/schema-words';
import { truncate } from '../lib/text';
import { defaultNotifierConfig, loadNotifierConfig } from './config';
import { enrich } from './enrich';
import { homeAccount, locate } from './origin';
import { publish } from './publish';
import { renderChat } from './render/chat';
import { subjectLine } from './render/facts';
import { renderText } from './render/text';
import type { SkipReason } from './model';
import { earlyVerdict, finalSkipReason } from './rules';
import { findSource } from './sources';

/** What one event led to. */
export type NotifyOutcome =
  { published: true; messageId?: string } | { published: false; reason: SkipReason };

function skipped(reason: SkipReason, context: Record<string, unknown>): NotifyOutcome {
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

const header = (event: unknown) => {
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
 */
function rejected(family: string, event: unknown, error: unknown): NotifyOutcome {
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

/**
 * Runs an optional step (configuration, enrichment) so that publishing keeps its reserve
 * (`PIPEWRIGHT_REPORT_RESERVE_MS`): past the budget its AWS calls are aborted and the notification goes
 * out without it — a hung enrichment call must not cost the notification itself.
 */
async function withinBudget<T>(
  lambda: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  step: string,
  work: () => Promise<T>,
  fallback: () => T,
): Promise<T> {
  if (!lambda) return work();
  try {
    return await runBeforeReserve(lambda, work);
  } catch (error) {
    if (!(error instanceof DeadlineExceededError)) throw error;
    logger.warn(`${step} ran out of time; publishing without it`, { reason: describeError(error) });
    return fallback();
  }
}

/** Says why the invocation fails when Publish could not finish before the Lambda deadline, then rethrows. */
const lateFor =
  (context: Record<string, unknown>) =>
  (error: unknown): never => {
    if (error instanceof DeadlineExceededError) {
      logger.error('Could not publish before the Lambda deadline; failing the invocation so Lambda retries', {
        ...context,
        reason: describeError(error),
      });
    }
    throw error;
  };

/**
 * Turns one EventBridge event into at most one published notification: route it to its family,
 * parse it, apply the noise rules, enrich it, render it, publish it. Unknown events are logged (INFO,
 * detail-type and source only — never the event) and skipped; malformed events of a known family are
 * rejected loudly (WARN and an `EventRejected` metric). Throws only when publishing fails — including
 * when it cannot finish before the Lambda deadline (its SNS call is aborted up to 1 s before it) — so
 * the invocation is retried and ends in the on-failure destination.
 */
export async function notify(
  event: unknown,
  lambda?: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'invokedFunctionArn'>>,
): Promise<NotifyOutcome> {
  const source = findSource(event);
  if (!source) return skipped('unsupported-event', header(event));
  let n;
  try {
    // A larger event than EventBridge delivers was not sent by AWS.
    checkEventSizeIssue(event, { kind: 'an EventBridge event', maxBytes: MAX_EVENTBRIDGE_EVENT_BYTES });
    n = source.parse(event);
  } catch (error) {
    return rejected(source.name, event, error);
  }
  const context = { family: source.name, resource: n.resource, state: n.state, executionId: n.executionId };
  correlate({ resource: n.resource, executionId: n.executionId });
  const { config, problem } = await withinBudget(
    lambda,
    'Loading the configuration',
    loadNotifierConfig,
    () => ({
      config: defaultNotifierConfig(),
      problem: 'the configuration was not loaded in time; every key has its default',
    }),
  );
  if (problem) n.configProblem = problem;
  const home = homeAccount(lambda);
  locate(n, config, home);
  const verdict = earlyVerdict(n, source, config);
  if (verdict && verdict !== 'unless-recovery') return skipped(verdict, context);
  await withinBudget(
    lambda,
    'Enrichment',
    () => enrich(n, source.enrichers, home),
    () => undefined,
  );
  const late = finalSkipReason(n, verdict, config);
  if (late) return skipped(late, context);
  const send = () =>
    publish({
      subject: subjectLine(n),
      text: renderText(n),
      chat: renderChat(n, { threadPerExecution: config.chatThreadPerExecution }),
      model: n,
    });
  // Publishing gets what is left of the reserve, and throws before the Lambda deadline if it cannot finish.
  const messageId = lambda ? await runBeforeDeadline(lambda, send).catch(lateFor(context)) : await send();
  logger.info('Notification published', { ...context, label: n.label, severity: n.severity, messageId });
  metrics.addMetric('NotificationPublished', MetricUnit.Count, 1);
  return { published: true, messageId };
}
