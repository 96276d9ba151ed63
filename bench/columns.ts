/** One measurement of a function, as `npm run bench` prints it. */
export interface BenchRow {
  bundleKB: number;
  initMs: number;
  coldMs: number;
  warmMs: number;
  memoryMB: number;
}

/** The columns of `npm run bench`, in order: header, width, the value shown, and what it measures (printed under the table, explained in the README). */
export const COLUMNS: readonly { name: string; width: number; key: keyof BenchRow; meaning: string }[] = [
  {
    name: 'bundle KB',
    width: 9,
    key: 'bundleKB',
    meaning: 'size of the esbuild bundle, as sam build makes it',
  },
  {
    name: 'load',
    width: 7,
    key: 'initMs',
    meaning: 'cold start: ms to require the bundle in a fresh Node process (Lambda "Init Duration")',
  },
  {
    name: '1st invoke',
    width: 11,
    key: 'coldMs',
    meaning:
      'ms of the first invocation in that process (cold: opens connections, loads and caches configuration)',
  },
  {
    name: 'warm invoke',
    width: 12,
    key: 'warmMs',
    meaning: 'ms of a second invocation in the same process (a warm Lambda execution environment)',
  },
  {
    name: 'max MB',
    width: 7,
    key: 'memoryMB',
    meaning: 'peak resident memory of the process (Lambda "Max Memory Used"), to size MemorySize',
  },
];

/** Width of the first column (the function's logical id). */
const ID_WIDTH = 24;

/**
 * One line of the bench table: the logical id, then each column's value right-aligned under its
 * header; without a row, the header itself.
 *
 * @example
 * ```ts
 * benchLine('function'); // 'function                 bundle KB    load  1st invoke …'
 * ```
 */
export function benchLine(first: string, row?: BenchRow): string {
  const cells = COLUMNS.map((column) =>
    (row ? row[column.key].toFixed(0) : column.name).padStart(column.width),
  );
  return [first.padEnd(ID_WIDTH), ...cells].join(' ');
}
