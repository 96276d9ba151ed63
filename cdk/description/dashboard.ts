import { sharedFunctionProps } from './shared';

/** A function or queue the dashboard's health row shows, by the name CloudWatch knows it. */
export interface DashboardEntry {
  /** The pipewright service (`pipeline-action`, `notifier`, …; description `service`). */
  readonly service: string;
  /** The function's name / the queue's name (a token in CDK). */
  readonly name: string;
}

/** What the delivery dashboard's body is made of. */
export interface DashboardScope {
  /** `AWS::Region`. */
  readonly region: string;
  /** The functions whose errors the health row shows. */
  readonly functions: readonly DashboardEntry[];
  /** Their failure queues. */
  readonly failureQueues: readonly DashboardEntry[];
  /** The queue of notifier events EventBridge could not deliver. */
  readonly eventsDeadLetterQueue: string;
}

/** The health row's order of services (template.yaml's order); others follow in the order given. */
const DASHBOARD_SERVICES = ['pipeline-action', 'deploy-hook', 'notifier', 'job-worker', 'chat-delivery'];

/** The dashboard's name after the stack's name (template.yaml: `${AWS::StackName}-delivery`). */
export const DASHBOARD_NAME_SUFFIX = '-delivery';

const NAMESPACE = sharedFunctionProps.metricsNamespace;
const DAY = 86400;
const WEEK = 604800;
const HEALTH_PERIOD = 300;
const BY_PIPELINE = "${PROP('Dim.Pipeline')} (${PROP('Dim.Account')})";

const search = (metric: string, stat: string, period: number, schema = 'Account,Pipeline,service') =>
  `SEARCH('{${NAMESPACE},${schema}} MetricName="${metric}"', '${stat}', ${period})`;
const labelOf = (service: string) => service.replace(/-/g, ' ');
const ordered = (entries: readonly DashboardEntry[]) =>
  [...entries].sort(
    (a, b) =>
      (DASHBOARD_SERVICES.indexOf(a.service) + 1 || Infinity) -
      (DASHBOARD_SERVICES.indexOf(b.service) + 1 || Infinity),
  );
/** `[ns, name, dim, first, {label}], ["...", next, {label}], …` */
const repeated = (head: string[], rows: { value: string; label: string }[]) =>
  rows.map((row, i) => [...(i === 0 ? head : ['...']), row.value, { label: row.label }]);

/** A daily (or weekly) average of a delivery metric per pipeline, shown through metric math. */
function perPipeline(id: string, metric: string, period: number, shown: { id: string; expression: string }) {
  return [
    [{ id, expression: search(metric, 'Average', period), label: BY_PIPELINE, visible: false }],
    [shown],
  ];
}

const metricWidget = (x: number, y: number, width: number, properties: Record<string, unknown>) => ({
  type: 'metric',
  x,
  y,
  width,
  height: 6,
  properties,
});

/**
 * The delivery dashboard's body (docs/metrics.md): the four keys per pipeline (SEARCH, so a new pipeline
 * or account appears without a redeploy; change failure rate by metric math) and the toolkit's health.
 * template.yaml's `DeliveryDashboard` and the CDK `PipewrightNotifier` both render this; a test checks the
 * template against it.
 *
 * @example
 * ```ts
 * JSON.stringify(deliveryDashboardBody({ region: 'eu-west-1', functions, failureQueues, eventsDeadLetterQueue }));
 * ```
 */
export function deliveryDashboardBody(scope: DashboardScope) {
  const { region } = scope;
  const timeSeries = { view: 'timeSeries', region };
  return {
    start: '-P14D',
    widgets: [
      {
        type: 'text',
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: {
          markdown:
            "# Delivery: the four keys per pipeline\nFrom the pipewright notifier's metrics (namespace Pipewright, dimensions Pipeline and Account), every account and region its hub serves. What counts as production: the notifier's production-pipelines / production-stage parameters.",
        },
      },
      metricWidget(0, 2, 12, {
        title: 'Deployment frequency (production executions per day: successful, and failed)',
        ...timeSeries,
        stacked: true,
        period: DAY,
        yAxis: { left: { min: 0, label: 'deployments' } },
        metrics: [
          [{ id: 'deployments', expression: search('Deployment', 'Sum', DAY), label: BY_PIPELINE }],
          [
            {
              id: 'failedDeployments',
              expression: search('FailedDeployment', 'Sum', DAY),
              label: `${BY_PIPELINE} failed`,
            },
          ],
        ],
      }),
      metricWidget(12, 2, 12, {
        title:
          'Lead time for changes (hours from the source revision to the successful execution, daily average)',
        ...timeSeries,
        period: DAY,
        yAxis: { left: { min: 0, label: 'hours' } },
        metrics: perPipeline('leadSeconds', 'LeadTimeForChanges', DAY, {
          id: 'leadHours',
          expression: 'leadSeconds / 3600',
        }),
      }),
      metricWidget(0, 8, 12, {
        title: 'Change failure rate (% of ended production executions that failed, weekly)',
        ...timeSeries,
        period: WEEK,
        yAxis: { left: { min: 0, max: 100, label: '%' } },
        metrics: perPipeline('changeFailure', 'ChangeFailure', WEEK, {
          id: 'changeFailureRate',
          expression: '100 * changeFailure',
        }),
      }),
      metricWidget(12, 8, 12, {
        title: 'Time to restore (hours from the first failed run to the recovery, daily average)',
        ...timeSeries,
        period: DAY,
        yAxis: { left: { min: 0, label: 'hours' } },
        metrics: perPipeline('restoreSeconds', 'TimeToRestore', DAY, {
          id: 'restoreHours',
          expression: 'restoreSeconds / 3600',
        }),
      }),
      { type: 'text', x: 0, y: 14, width: 24, height: 1, properties: { markdown: '## Toolkit health' } },
      metricWidget(0, 15, 8, {
        title: 'Function errors',
        ...timeSeries,
        period: HEALTH_PERIOD,
        stat: 'Sum',
        metrics: repeated(
          ['AWS/Lambda', 'Errors', 'FunctionName'],
          ordered(scope.functions).map((f) => ({ value: f.name, label: labelOf(f.service) })),
        ),
      }),
      metricWidget(8, 15, 8, {
        title: 'Failure and dead-letter queue depths',
        ...timeSeries,
        period: HEALTH_PERIOD,
        stat: 'Maximum',
        metrics: repeated(
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName'],
          [
            ...ordered(scope.failureQueues).map((q) => ({
              value: q.name,
              label: `${labelOf(q.service)} failures`,
            })),
            { value: scope.eventsDeadLetterQueue, label: 'notifier events undelivered' },
          ],
        ),
      }),
      metricWidget(16, 15, 8, {
        title: 'Unreportable results, rejected events, configuration warnings',
        ...timeSeries,
        period: HEALTH_PERIOD,
        stat: 'Sum',
        metrics: [
          ...repeated(
            [NAMESPACE, 'ResultUnreportable', 'service'],
            [
              { value: 'pipeline-action', label: 'unreportable job results' },
              { value: 'deploy-hook', label: 'unreportable hook results' },
              { value: 'job-worker', label: 'unreportable custom action job results' },
            ],
          ),
          [NAMESPACE, 'EventRejected', 'service', 'notifier', { label: 'events rejected' }],
          [
            {
              id: 'configWarnings',
              expression: search('ConfigWarning', 'Sum', HEALTH_PERIOD, 'section,service'),
              label: 'configuration warnings',
            },
          ],
        ],
      }),
    ],
  };
}
