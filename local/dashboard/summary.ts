import { countText, formatDuration } from '../../functions/lib/text';
import type { Datapoint } from './datapoints';

const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * The delivery metrics among `datapoints`, per pipeline and account, as the demo prints them: the
 * deployments and failed ones, the change failure rate (the average of `ChangeFailure`), the average lead
 * time and time to restore — what the dashboard's widgets show, in one table.
 *
 * @example
 * ```ts
 * deliverySummary(datapoints).forEach((line) => console.log(line));
 * // pipeline       account       deployments  failed  change failure  lead time  time to restore
 * ```
 */
export function deliverySummary(datapoints: Datapoint[]): string[] {
  const delivery = datapoints.filter((p) => p.dimensions.Pipeline !== undefined);
  const keys = [...new Set(delivery.map((p) => `${p.dimensions.Pipeline} ${p.dimensions.Account}`))].sort();
  const rows = keys.map((key) => {
    const of = (name: string) =>
      delivery
        .filter((p) => p.name === name && `${p.dimensions.Pipeline} ${p.dimensions.Account}` === key)
        .map((p) => p.value);
    const [pipeline = '', account = ''] = key.split(' ');
    const failures = of('ChangeFailure');
    const time = (values: number[]) => (values.length ? formatDuration(average(values) * 1000) : '-');
    return [
      pipeline,
      account,
      String(of('Deployment').length),
      String(of('FailedDeployment').length),
      failures.length ? `${Math.round(average(failures) * 100)}%` : '-',
      time(of('LeadTimeForChanges')),
      time(of('TimeToRestore')),
    ];
  });
  const header = [
    'pipeline',
    'account',
    'deployments',
    'failed',
    'change failure',
    'lead time',
    'time to restore',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [
    `Delivery metrics emitted (EMF, namespace Pipewright): ${countText(delivery.length, 'value')} of ${countText(keys.length, 'pipeline')}`,
    line(header),
    ...rows.map(line),
  ];
}
