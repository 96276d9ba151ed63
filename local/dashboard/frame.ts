/** CloudWatch's graph colours, in the order it gives them to series. */
export const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const DAY = 86_400_000;
/** Average width of a character of the 11-13 px labels, for fitting text without measuring it. */
const CHAR = 6.2;

/** Escapes text for SVG. */
export const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A coordinate with one decimal, so that the same input always draws the same bytes. */
export const n = (value: number) => (Math.round(value * 10) / 10).toString();

/** `text` cut with an ellipsis to fit `pixels` (as the console cuts long titles). */
export const fit = (text: string, pixels: number) => {
  const chars = Math.floor(pixels / CHAR);
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
};

/** A round number at or above `value` for the top of an axis. */
export function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((step) => step >= value)!;
}

/** A rectangle of the image, pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How values and times map to the plot: its box, the value range and the time range. */
export interface Scale {
  plot: Box;
  min: number;
  max: number;
  range: { start: number; end: number };
}

export const xOf = (s: Scale, time: number) =>
  s.plot.x + ((time - s.range.start) / (s.range.end - s.range.start)) * s.plot.width;
export const yOf = (s: Scale, value: number) =>
  s.plot.y + s.plot.height - ((value - s.min) / (s.max - s.min)) * s.plot.height;

/** Gridlines with their values, the axis label written along the axis, and a tick per day. */
export function axes(s: Scale, label: string | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const value = s.min + ((s.max - s.min) * i) / 4;
    const y = n(yOf(s, value));
    out.push(
      `<line x1="${n(s.plot.x)}" x2="${n(s.plot.x + s.plot.width)}" y1="${y}" y2="${y}" class="grid"/>`,
    );
    out.push(
      `<text x="${n(s.plot.x - 6)}" y="${n(yOf(s, value) + 4)}" text-anchor="end" class="tick">${n(value)}</text>`,
    );
  }
  if (label) {
    const x = n(s.plot.x - 40);
    const y = n(s.plot.y + s.plot.height / 2);
    out.push(
      `<text x="${x}" y="${y}" transform="rotate(-90 ${x} ${y})" text-anchor="middle" class="tick">${xml(label)}</text>`,
    );
  }
  for (let day = s.range.start; day < s.range.end; day += DAY) {
    const label = new Date(day).toISOString().slice(5, 10).replace('-', '/');
    out.push(
      `<text x="${n(xOf(s, day))}" y="${n(s.plot.y + s.plot.height + 14)}" text-anchor="middle" class="tick">${label}</text>`,
    );
  }
  return out;
}

/** How many legend entries fit side by side in `width` for labels as long as these. */
export const legendColumns = (labels: string[], width: number) =>
  Math.max(1, Math.min(4, Math.floor(width / (Math.max(...labels.map((l) => l.length)) * CHAR + 24))));

/** The legend below the plot: a coloured square and the label of each series, `columns` to a row. */
export function legend(labels: string[], box: Box, top: number, columns: number): string[] {
  return labels.flatMap((label, i) => {
    const x = box.x + 12 + (i % columns) * ((box.width - 24) / columns);
    const y = top + Math.floor(i / columns) * 16;
    return [
      `<rect x="${n(x)}" y="${n(y - 9)}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${n(x + 14)}" y="${n(y)}" class="legend">${xml(fit(label, (box.width - 24) / columns - 18))}</text>`,
    ];
  });
}
