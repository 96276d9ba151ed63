import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { resolve } from '../template/intrinsics';
import { loadProject } from '../template/project';
import { replayHistory } from './history';
import { type Widget, dashboardSvg } from './svg';

const DAY = 86_400_000;

/**
 * `npm run dashboard`: replays the delivery history (events/history) through the notifier and draws the
 * stack's DeliveryDashboard (its body as template.yaml defines it) over the metrics emitted, to the SVG
 * file given (docs/images/delivery-dashboard.svg, shown in docs/metrics.md). No browser, no AWS account.
 */
async function main(out: string): Promise<void> {
  const project = loadProject({ rootDir: resolvePath(__dirname, '..', '..') });
  const datapoints = await replayHistory(project);
  const dashboard = project.template.Resources.DeliveryDashboard;
  const body = JSON.parse(String(resolve(project.context, dashboard?.Properties?.DashboardBody))) as {
    widgets: Widget[];
  };
  const times = datapoints.map((p) => p.time);
  const start = Math.floor(Math.min(...times) / DAY) * DAY;
  const end = Math.floor(Math.max(...times) / DAY) * DAY + DAY;
  writeFileSync(out, dashboardSvg(body.widgets, datapoints, { start, end }));
  console.log(
    `${out}: ${datapoints.length} datapoints from ${new Date(start).toISOString().slice(0, 10)} to ${new Date(end - DAY).toISOString().slice(0, 10)}`,
  );
}

main(process.argv[2] ?? 'docs/images/delivery-dashboard.svg').catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
