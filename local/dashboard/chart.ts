import type { Series } from './aggregate';
import { type Box, COLORS, type Scale, axes, legend, legendColumns, n, niceCeil, xOf, yOf } from './frame';
import type { MetricWidgetProperties } from './widgets';

/** Bars of a stacked widget: per period, one segment per series on top of the ones before it. */
function stackedBars(series: Series[], s: Scale, period: number): string[] {
  const width = Math.max(2, (xOf(s, s.range.start + period * 1000) - xOf(s, s.range.start)) * 0.7);
  const times = [...new Set(series.flatMap((one) => one.points.map((p) => p.time)))];
  return times.flatMap((time) => {
    let base = 0;
    return series.flatMap((one, i) => {
      const value = one.points.find((p) => p.time === time)?.value ?? 0;
      if (value === 0) return [];
      const top = yOf(s, base + value);
      const bar = `<rect x="${n(xOf(s, time) + (xOf(s, time + period * 1000) - xOf(s, time) - width) / 2)}" y="${n(top)}" width="${n(width)}" height="${n(yOf(s, base) - top)}" fill="${COLORS[i % COLORS.length]}"/>`;
      base += value;
      return [bar];
    });
  });
}

/** Lines through each series' points, with a dot on every point (a lone point stays visible). */
function lines(series: Series[], s: Scale): string[] {
  return series.flatMap((one, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = one.points.map((p) => `${n(xOf(s, p.time))},${n(yOf(s, p.value))}`);
    return [
      ...(points.length > 1
        ? [`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`]
        : []),
      ...one.points.map(
        (p) => `<circle cx="${n(xOf(s, p.time))}" cy="${n(yOf(s, p.value))}" r="3" fill="${color}"/>`,
      ),
    ];
  });
}

/**
 * The SVG of one metric widget's graph inside `box`: the visible series as lines with dots, or as
 * stacked bars for a stacked widget; the y axis the widget asks for (else from 0 to a round number above
 * the highest value); a tick per day of `range`; the legend below. "No data available." when no series
 * has a point, as the console says.
 *
 * @example
 * ```ts
 * chart(widget.properties, widgetSeries(widget.properties, datapoints, start), box, { start, end });
 * ```
 */
export function chart(
  widget: MetricWidgetProperties,
  all: Series[],
  box: Box,
  range: Scale['range'],
): string {
  const series = all.filter((one) => one.visible && one.points.length > 0);
  if (series.length === 0)
    return `<text x="${n(box.x + box.width / 2)}" y="${n(box.y + box.height / 2)}" text-anchor="middle" class="muted">No data available.</text>`;
  const labels = series.map((one) => one.label);
  const columns = legendColumns(labels, box.width - 24);
  const legendRows = Math.ceil(labels.length / columns);
  const plot = {
    x: box.x + 58,
    y: box.y + 34,
    width: box.width - 72,
    height: box.height - 34 - 30 - 16 * legendRows,
  };
  const period = widget.period ?? 300;
  const sums = new Map<number, number>();
  for (const p of series.flatMap((one) => one.points)) sums.set(p.time, (sums.get(p.time) ?? 0) + p.value);
  const highest = widget.stacked
    ? Math.max(...sums.values())
    : Math.max(...series.flatMap((one) => one.points.map((p) => p.value)));
  const axis = widget.yAxis?.left ?? {};
  const scale: Scale = { plot, min: axis.min ?? 0, max: axis.max ?? niceCeil(highest * 1.1), range };
  return [
    ...axes(scale, axis.label),
    ...(widget.stacked ? stackedBars(series, scale, period) : lines(series, scale)),
    ...legend(labels, box, plot.y + plot.height + 32, columns),
  ].join('');
}
