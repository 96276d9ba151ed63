import type { Datapoint } from './datapoints';

/** One line (or band) of a graph: a label and a value per period. */
export interface Series {
  label: string;
  points: { time: number; value: number }[];
  /** False for an expression kept only as the input of another (`"visible": false`). */
  visible: boolean;
  dimensions: Record<string, string>;
}

const STATS: Record<string, (values: number[]) => number> = {
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  Maximum: (v) => Math.max(...v),
  Minimum: (v) => Math.min(...v),
  SampleCount: (v) => v.length,
};

/** `stat` of the datapoints in each `period` from `start` (periods without one are left out, as CloudWatch does). */
function aggregate(points: Datapoint[], stat: string, period: number, start: number): Series['points'] {
  const buckets = new Map<number, number[]>();
  for (const p of points) {
    const bucket = start + Math.floor((p.time - start) / (period * 1000)) * period * 1000;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), p.value]);
  }
  const reduce = STATS[stat] ?? STATS.Average!;
  return [...buckets].sort(([a], [b]) => a - b).map(([time, values]) => ({ time, value: reduce(values) }));
}

/**
 * The series of the datapoints `match` selects, one per dimension set, each value the `stat` of its
 * datapoints in a `period` (seconds) counted from `start`.
 *
 * @example
 * ```ts
 * metricSeries(datapoints, (p) => p.name === 'Deployment', 'Sum', 86_400, start);
 * ```
 */
export function metricSeries(
  points: Datapoint[],
  match: (p: Datapoint) => boolean,
  stat: string,
  period: number,
  start: number,
) {
  const groups = new Map<string, Datapoint[]>();
  for (const p of points.filter(match)) {
    const key = JSON.stringify(Object.entries(p.dimensions).sort());
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => ({
    dimensions: group[0]!.dimensions,
    points: aggregate(group, stat, period, start),
  }));
}

/** True when two dimension sets have the same names and values, in any order. */
export const sameDimensions = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
