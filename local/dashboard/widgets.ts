import { type Series, metricSeries, sameDimensions } from './aggregate';
import type { Datapoint } from './datapoints';

/** The properties of a dashboard metric widget this renderer reads. */
export interface MetricWidgetProperties {
  title?: string;
  stacked?: boolean;
  period?: number;
  stat?: string;
  yAxis?: { left?: { min?: number; max?: number; label?: string } };
  metrics?: unknown[][];
}

type Options = { id?: string; expression?: string; label?: string; visible?: boolean; stat?: string };
const SEARCH = /^SEARCH\('\{([^}]+)\} MetricName="(\w+)"', '(\w+)', (\d+)\)$/;
const MATH = /^(?:(\w+) \/ ([\d.]+)|([\d.]+) \* (\w+))$/;

/** `${PROP('Dim.Pipeline')}` placeholders of a label, from a series' dimensions; no label: the dimension values. */
const labelOf = (label: string | undefined, dims: Record<string, string>) =>
  label?.replace(/\$\{PROP\('Dim\.(\w+)'\)\}/g, (_, name: string) => dims[name] ?? '') ??
  Object.entries(dims)
    .filter(([name]) => name !== 'service')
    .map(([, value]) => value)
    .join(' ');

/**
 * The series a dashboard metric widget shows over `datapoints`: plain metrics (`[namespace, name,
 * dim, value, …, options]`, `"..."` repeating the previous entry), `SEARCH('{ns,dims} MetricName="X"',
 * 'Stat', period)` (one series per dimension set, exactly the schema's dimensions) and the metric math
 * the delivery dashboard uses on them (`id / n`, `n * id`, applied to each series).
 *
 * @example
 * ```ts
 * widgetSeries(widget.properties, datapoints, Date.parse('2026-05-04T00:00:00Z')); // [{ label: 'orders-prod (210987654321)', points: [...] }]
 * ```
 */
export function widgetSeries(
  widget: MetricWidgetProperties,
  datapoints: Datapoint[],
  start: number,
): Series[] {
  const byId = new Map<string, Series[]>();
  const out: Series[] = [];
  let previous: unknown[] = [];
  for (const entry of widget.metrics ?? []) {
    const options = (typeof entry.at(-1) === 'object' ? entry.at(-1) : {}) as Options;
    const items = typeof entry.at(-1) === 'object' ? entry.slice(0, -1) : entry;
    let series: (Omit<Series, 'label' | 'visible'> & { label?: string })[] = [];
    if (options.expression) {
      const search = SEARCH.exec(options.expression);
      const math = MATH.exec(options.expression);
      if (search) {
        const [, schema = '', name, stat = 'Average', period = '300'] = search;
        const [namespace, ...dims] = schema.split(',');
        const exact = (p: Datapoint) =>
          p.namespace === namespace &&
          p.name === name &&
          Object.keys(p.dimensions).sort().join() === [...dims].sort().join();
        series = metricSeries(datapoints, exact, stat, Number(period), start);
      } else if (math) {
        const [, divided, divisor, factor, multiplied] = math;
        const apply = (value: number) => (divided ? value / Number(divisor) : Number(factor) * value);
        // An array result keeps the labels of its input series, as CloudWatch labels it.
        series = (byId.get(divided ?? multiplied ?? '') ?? []).map((s) => ({
          label: s.label,
          dimensions: s.dimensions,
          points: s.points.map((p) => ({ time: p.time, value: apply(p.value) })),
        }));
      }
    } else {
      const flat =
        items[0] === '...'
          ? [...previous.slice(0, previous.length - (items.length - 1)), ...items.slice(1)]
          : items;
      previous = flat;
      const [namespace, name, ...pairs] = flat.map(String);
      const dims: Record<string, string> = Object.fromEntries(
        pairs.flatMap((v, i) => (i % 2 === 0 ? [[v, pairs[i + 1] ?? '']] : [])),
      );
      const exact = (p: Datapoint) =>
        p.namespace === namespace && p.name === name && sameDimensions(p.dimensions, dims);
      series = metricSeries(
        datapoints,
        exact,
        options.stat ?? widget.stat ?? 'Average',
        widget.period ?? 300,
        start,
      );
    }
    const labelled = series.map((s) => ({
      ...s,
      label: options.label || !s.label ? labelOf(options.label, s.dimensions) : s.label,
      visible: options.visible ?? true,
    }));
    if (options.id) byId.set(options.id, labelled);
    out.push(...labelled);
  }
  return out;
}
