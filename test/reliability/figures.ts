import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the reliability suites record their figures (one JSON row a line): the file of this jest run,
 * which test/reliability/figures-reporter.js names in `PIPEWRIGHT_FIGURES_FILE` (so two runs at once do
 * not mix), empties when the run starts and prints the table from when it ends.
 */
const figuresFile = () =>
  process.env.PIPEWRIGHT_FIGURES_FILE ??
  join(__dirname, '..', '..', '.aws-sam', 'reliability', 'figures.jsonl');

/** One measured figure row. Every row is computed by the test that recorded it. */
export type FigureRow =
  | { table: 'faults'; fn: string; operation: string; fault: string; handled: boolean; detail: string }
  | { table: 'inputs'; fn: string; kind: string; runs: number; broken: number; via: 'in-process' | 'bundle' }
  | { table: 'regexes'; checked: number; vulnerable: number }
  | { table: 'memory'; fn: string; case: string; peakRssMB: number; memorySizeMB: number; reported: boolean }
  | { table: 'secrets'; planted: number; places: string[]; found: string[] }
  | { table: 'iam'; fn: string; used: number; granted: number; unused: string[]; missing: string[] };

/**
 * Records one row of the reliability table (appended to this run's figures file, safe across jest workers).
 *
 * @example
 * ```ts
 * recordFigure({ table: 'regexes', checked: 14, vulnerable: 0 });
 * ```
 */
export function recordFigure(row: FigureRow): void {
  const file = figuresFile();
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}
