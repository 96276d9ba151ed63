import type { Datapoint } from './datapoints';
import { chart } from './chart';
import { fit, xml } from './frame';
import { type MetricWidgetProperties, widgetSeries } from './widgets';

/** One widget of a dashboard body (the grid is 24 columns wide). */
export interface Widget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: MetricWidgetProperties & { markdown?: string };
}

const COLUMN = 50;
const ROW = 40;
const STYLE = `<style>text{font-family:"Amazon Ember",Helvetica,Arial,sans-serif;fill:#16191f}.title{font-size:13px;font-weight:bold}.tick,.legend{font-size:11px;fill:#545b64}.muted{font-size:13px;fill:#879596}.h1{font-size:18px;font-weight:bold}.h2{font-size:15px;font-weight:bold}.body{font-size:12px}.grid{stroke:#eaeded}</style>`;

/** Words of `line` in lines of at most `chars` characters. */
function wrap(line: string, chars: number): string[] {
  const out: string[] = [];
  for (const word of line.split(' ')) {
    const last = out.at(-1);
    if (last !== undefined && last.length + word.length < chars) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

/** A text widget's markdown as SVG lines: `# ` and `## ` headings, other lines wrapped to the width. */
function text(markdown: string, box: { x: number; y: number; width: number }): string {
  const lines = markdown.split('\n').flatMap((line) => {
    const kind = line.startsWith('## ') ? 'h2' : line.startsWith('# ') ? 'h1' : 'body';
    return wrap(line.replace(/^#+ /, ''), Math.floor(box.width / 6.2)).map((content) => ({ kind, content }));
  });
  return lines
    .map(
      ({ kind, content }, i) =>
        `<text x="${box.x + 8}" y="${box.y + 20 + i * 17}" class="${kind}">${xml(content)}</text>`,
    )
    .join('');
}

/**
 * Draws a CloudWatch dashboard body — its widgets where the grid puts them, each metric widget's
 * SEARCH and math evaluated over `datapoints` (see `widgetSeries`), text widgets' headings — as one
 * SVG document, deterministic for the same input.
 *
 * @example
 * ```ts
 * writeFileSync('docs/images/delivery-dashboard.svg', dashboardSvg(body.widgets, datapoints, { start, end }));
 * ```
 */
export function dashboardSvg(
  widgets: Widget[],
  datapoints: Datapoint[],
  range: { start: number; end: number },
): string {
  const width = 24 * COLUMN;
  const height = Math.max(...widgets.map((w) => w.y + w.height)) * ROW;
  const parts = widgets.map((w) => {
    const box = {
      x: w.x * COLUMN + 4,
      y: w.y * ROW + 4,
      width: w.width * COLUMN - 8,
      height: w.height * ROW - 8,
    };
    if (w.type === 'text') return text(w.properties.markdown ?? '', box);
    const series = widgetSeries(w.properties, datapoints, range.start);
    return (
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="#fff" stroke="#d5dbdb"/>` +
      `<text x="${box.x + 10}" y="${box.y + 18}" class="title">${xml(fit(w.properties.title ?? '', (box.width - 20) * 0.84))}</text>` +
      chart(w.properties, series, box, range)
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    STYLE,
    `<rect width="${width}" height="${height}" fill="#f2f3f3"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
