import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Datapoint, emfDatapoints } from '../../local/dashboard/datapoints';
import { replayHistory } from '../../local/dashboard/history';
import { deliverySummary } from '../../local/dashboard/summary';
import { type Widget, dashboardSvg } from '../../local/dashboard/svg';
import { widgetSeries } from '../../local/dashboard/widgets';
import { demo } from '../../local/demo';
import { resolve } from '../../local/template/intrinsics';
import { loadProject } from '../../local/template/project';
import { projectRoot } from '../template/project';

const DAY = 86_400_000;
const START = Date.parse('2026-05-04T00:00:00Z');
const point = (name: string, value: number, day: number, dims: Record<string, string>): Datapoint => ({
  namespace: 'Pipewright',
  name,
  value,
  dimensions: { service: 'notifier', ...dims },
  time: START + day * DAY + 3_600_000,
});
const orders = { Pipeline: 'orders-prod', Account: '210987654321' };
const search = { Pipeline: 'search-prod', Account: '123456789012' };

describe('the dashboard renderer (local/dashboard)', () => {
  it('reads the datapoints of EMF lines, at the time it is given, skipping other lines', () => {
    const emf = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: 'Pipewright',
            Dimensions: [['service', 'Pipeline', 'Account']],
            Metrics: [{ Name: 'Deployment', Unit: 'Count' }],
          },
        ],
      },
      service: 'notifier',
      ...orders,
      Deployment: 1,
    });

    expect(emfDatapoints(['{"level":"INFO","message":"x"}', emf, 'not json'], START)).toEqual([
      {
        namespace: 'Pipewright',
        name: 'Deployment',
        value: 1,
        dimensions: { service: 'notifier', ...orders },
        time: START,
      },
    ]);
  });

  it('evaluates SEARCH on exactly its dimensions, per period and statistic, and metric math on each series it found', () => {
    const datapoints = [
      point('LeadTimeForChanges', 7200, 0, orders),
      point('LeadTimeForChanges', 3600, 0, orders),
      point('LeadTimeForChanges', 1800, 1, search),
      point('LeadTimeForChanges', 9999, 0, { Pipeline: 'orders-prod' }), // another dimension set
    ];
    const widget = {
      period: 86400,
      metrics: [
        [
          {
            id: 'lead',
            expression: `SEARCH('{Pipewright,Account,Pipeline,service} MetricName="LeadTimeForChanges"', 'Average', 86400)`,
            label: "${PROP('Dim.Pipeline')} (${PROP('Dim.Account')})",
            visible: false,
          },
        ],
        [{ id: 'hours', expression: 'lead / 3600' }],
      ],
    };

    const series = widgetSeries(widget, datapoints, START);

    expect(series.filter((s) => s.visible).map((s) => ({ label: s.label, points: s.points }))).toEqual([
      { label: 'orders-prod (210987654321)', points: [{ time: START, value: 1.5 }] },
      { label: 'search-prod (123456789012)', points: [{ time: START + DAY, value: 0.5 }] },
    ]);
  });

  it('reads plain metrics, "..." repeating the previous entry with a new last dimension value', () => {
    const datapoints = [
      point('Errors', 2, 0, {}),
      { ...point('Errors', 3, 0, {}), namespace: 'AWS/Lambda', dimensions: { FunctionName: 'notifier' } },
    ];
    const widget = {
      period: 86400,
      stat: 'Sum',
      metrics: [
        ['AWS/Lambda', 'Errors', 'FunctionName', 'hook', { label: 'hook' }],
        ['...', 'notifier', { label: 'notifier' }],
      ],
    };

    expect(
      widgetSeries(widget, datapoints, START).map(
        (s) => `${s.label}: ${s.points.map((p) => p.value).join()}`,
      ),
    ).toEqual(['notifier: 3']);
  });

  it('sums up the delivery metrics per pipeline and account, as the demo prints them', () => {
    const lines = deliverySummary([
      point('Deployment', 1, 0, search),
      point('ChangeFailure', 0, 0, search),
      point('FailedDeployment', 1, 1, search),
      point('ChangeFailure', 1, 1, search),
      point('TimeToRestore', 5400, 2, search),
    ]);

    expect(lines.slice(1).map((line) => line.split(/ {2,}/).join(' | '))).toEqual([
      ' | pipeline | account | deployments | failed | change failure | lead time | time to restore',
      ' | search-prod | 123456789012 | 1 | 1 | 50% | - | 1h 30m 0s',
    ]);
  });

  it('shows the delivery metrics at the end of npm run demo', async () => {
    const lines: string[] = [];
    const only = [
      'history/search-prod-0505-1008-failed.json',
      'history/search-prod-0505-1519-failed.json',
      'history/search-prod-0506-0939-succeeded.json',
    ];
    await demo(loadProject({ rootDir: projectRoot, region: 'eu-west-1' }), {
      only,
      sampleApp: false,
      print: (line) => lines.push(line),
    });

    const output = lines.join('\n');
    expect(output).toContain('Delivery metrics emitted (EMF, namespace Pipewright): 8 values of 1 pipeline');
    expect(output).toMatch(/search-prod +123456789012 +1 +2 +67% +1h 49m 59s +23h 31m 48s/);
  }, 120_000);

  it('renders docs/images/delivery-dashboard.svg from events/history, as checked in (npm run dashboard)', async () => {
    const project = loadProject({ rootDir: projectRoot });
    const body = JSON.parse(
      String(
        resolve(project.context, project.template.Resources.DeliveryDashboard?.Properties?.DashboardBody),
      ),
    ) as { widgets: Widget[] };
    const datapoints = await replayHistory(project);

    const svg = dashboardSvg(body.widgets, datapoints, { start: START, end: START + 7 * DAY });

    expect(svg).toBe(readFileSync(path.join(projectRoot, 'docs/images/delivery-dashboard.svg'), 'utf8'));
  }, 180_000);
});
