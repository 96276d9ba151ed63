import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../lib/observability';
import type { Notification } from './model';
import { matchesWildcard } from './rules';
import type { NotifierConfig } from './settings';
import type { SourceDefinition } from './sources/define';

/**
 * The delivery metrics (the four keys), namespace `Pipewright`, dimensions `Pipeline`, `Account` (and
 * Powertools' `service`): `Deployment` (1 per successful production execution), `FailedDeployment` (1
 * per failed one), `ChangeFailure` (0 or 1 per ended production execution: its average is the change
 * failure rate), `LeadTimeForChanges` (seconds from the newest source revision's creation to the
 * successful end), `TimeToRestore` (seconds from the first failed run of a red streak to the recovery).
 */
export const DELIVERY_METRICS = [
  'Deployment',
  'FailedDeployment',
  'ChangeFailure',
  'LeadTimeForChanges',
  'TimeToRestore',
] as const;

/** A CloudWatch unit, as Powertools names them (`Count`, `Seconds`, `None`). */
type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** One delivery metric value of an event. */
export interface DeliveryFigure {
  name: (typeof DELIVERY_METRICS)[number];
  unit: Unit;
  value: number;
}

/**
 * True when an event counts in the delivery metrics: the end (`SUCCEEDED` or `FAILED`) of an execution
 * of a family that counts deliveries (pipeline executions), of a pipeline that `production-pipelines`
 * names (default `*`: every pipeline) — whatever the notification rules decide about it.
 *
 * @example
 * ```ts
 * n.delivery = isDelivery(n, source, config); // true for orders-prod FAILED with production-pipelines = *-prod
 * ```
 */
export function isDelivery(
  n: Notification,
  family: Pick<SourceDefinition, 'countsDeliveries'>,
  config: NotifierConfig,
): boolean {
  if (!family.countsDeliveries || (n.state !== 'SUCCEEDED' && n.state !== 'FAILED')) return false;
  return config.productionPipelines.some((pattern) => matchesWildcard(pattern, n.resource));
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** With `production-stage`, a failure counts only where it failed there (or where enrichment could not say where). */
const inProduction = (failures: Notification['failures'], stage: string | undefined) =>
  !stage || failures.length === 0 || failures.some((f) => f.stage === stage);

/**
 * The delivery metrics of one ended production execution, from the event and what enrichment read (the
 * source revisions' times, the red streak before a recovery). A failure outside `production-stage` (when
 * set) is no deployment at all; lead time needs a revision time no later than the event, time to restore
 * a known start of the streak.
 *
 * @example
 * ```ts
 * deliveryFigures(recovered, config);
 * // [{ name: 'Deployment', value: 1 }, { name: 'ChangeFailure', value: 0 }, { name: 'LeadTimeForChanges', value: 2520 }, { name: 'TimeToRestore', value: 8731 }]
 * ```
 */
export function deliveryFigures(n: Notification, config: NotifierConfig): DeliveryFigure[] {
  const stage = config.productionStage || undefined;
  const figure = (name: DeliveryFigure['name'], value: number, unit: Unit = MetricUnit.Count) => ({
    name,
    unit,
    value,
  });
  if (n.state === 'FAILED')
    return inProduction(n.failures, stage)
      ? [figure('FailedDeployment', 1), figure('ChangeFailure', 1, MetricUnit.NoUnit)]
      : [];
  const figures = [figure('Deployment', 1), figure('ChangeFailure', 0, MetricUnit.NoUnit)];
  const newest = Math.max(...n.revisions.map((r) => r.time ?? Number.NaN).filter(Number.isFinite));
  if (Number.isFinite(newest) && newest <= n.time)
    figures.push(figure('LeadTimeForChanges', seconds(n.time - newest), MetricUnit.Seconds));
  const previous = n.previous;
  if (previous?.status === 'Failed' && previous.redSince !== undefined && previous.redSince <= n.time) {
    if (inProduction(previous.failures ?? [], stage))
      figures.push(figure('TimeToRestore', seconds(n.time - previous.redSince), MetricUnit.Seconds));
  }
  return figures;
}

/**
 * Emits the delivery metrics of an event that counts ({@link isDelivery}) as EMF, one line per metric
 * with the dimensions `Pipeline` and `Account`, and logs them. Called once per event, when its
 * invocation is done (published or skipped): an invocation that fails and is retried counts once.
 */
export function countDelivery(n: Notification, config: NotifierConfig): void {
  if (!n.delivery) return;
  const figures = deliveryFigures(n, config);
  for (const { name, unit, value } of figures) {
    const metric = metrics.singleMetric();
    metric.addDimension('Pipeline', n.resource);
    metric.addDimension('Account', n.account);
    metric.addMetric(name, unit, value);
  }
  logger.info('Delivery counted', {
    pipeline: n.resource,
    account: n.account,
    figures: Object.fromEntries(figures.map((f) => [f.name, f.value])),
  });
}
