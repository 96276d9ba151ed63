import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { MAX_EVENTBRIDGE_EVENT_BYTES, checkEventSizeIssue } from '../lib/event-size';
import { runBeforeDeadline } from '../lib/invocation';
import { correlate, logger, metrics } from '../lib/observability';
import { lateFor, withinBudget } from './budget';
import { defaultNotifierConfig, loadNotifierConfig } from './config';
import { countDelivery, isDelivery } from './delivery';
import { enrich } from './enrich';
import { homeAccount, locate } from './origin';
import { type NotifyOutcome, header, rejected, skipped } from './outcome';
import { publish } from './publish';
import { renderChat } from './render/chat';
import { subjectLine } from './render/facts';
import { renderText } from './render/text';
import { earlyVerdict, finalSkipReason } from './rules';
import { findSource } from './sources';

/**
 * Turns one EventBridge event into at most one published notification: route it to its family,
 * parse it, apply the noise rules, enrich it, render it, publish it — and, once done, count it in the
 * delivery metrics when it ends a production pipeline execution (`delivery.ts`). Unknown events are
 * logged (INFO, detail-type and source only — never the event) and skipped; malformed events of a known family are
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
  if (isDelivery(n, source, config)) n.delivery = true;
  const verdict = earlyVerdict(n, source, config);
  const early = verdict === 'unless-recovery' ? undefined : verdict;
  // An event that notifies nobody is still enriched when the delivery metrics count it.
  if (early && !n.delivery) return skipped(early, context);
  await withinBudget(
    lambda,
    'Enrichment',
    () => enrich(n, source.enrichers, home),
    () => undefined,
  );
  const reason = early ?? finalSkipReason(n, verdict, config);
  if (reason) {
    countDelivery(n, config);
    return skipped(reason, context);
  }
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
  countDelivery(n, config);
  return { published: true, messageId };
}
