// Prints the reliability table from the rows the suites under test/reliability recorded in this run
// (see figures.ts), just before summary-reporter.js's closing `N passed, M failed` line. Prints
// nothing when no reliability suite ran.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

// One file per jest run (its main process), named to the workers through the environment they inherit.
const FIGURES_FILE = join(__dirname, '..', '..', '.aws-sam', 'reliability', `figures-${process.pid}.jsonl`);
process.env.PIPEWRIGHT_FIGURES_FILE = FIGURES_FILE;

function rowsOf(text) {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const by = (rows, key) =>
  rows.reduce((groups, row) => groups.set(row[key], [...(groups.get(row[key]) ?? []), row]), new Map());

/** The table's lines: `| figure | function | result |`. */
function tableLines(rows) {
  const lines = [];
  const add = (figure, fn, result) => lines.push(`| ${figure} | ${fn} | ${result} |`);
  for (const [fn, cases] of by(
    rows.filter((r) => r.table === 'faults'),
    'fn',
  )) {
    const handled = cases.filter((c) => c.handled);
    const operations = new Set(cases.map((c) => c.operation)).size;
    const faults = new Set(cases.map((c) => c.fault)).size;
    const failed = cases.filter((c) => !c.handled).map((c) => `${c.operation} ${c.fault}`);
    add(
      'fault cases handled / injected',
      fn,
      `${handled.length} / ${cases.length} (${operations} operations × ${faults} faults)` +
        (failed.length
          ? `; not handled: ${failed.slice(0, 6).join(', ')}${failed.length > 6 ? ', …' : ''}`
          : ''),
    );
  }
  for (const [fn, runs] of by(
    rows.filter((r) => r.table === 'inputs'),
    'fn',
  )) {
    for (const via of ['in-process', 'bundle']) {
      const mine = runs.filter((r) => r.via === via);
      if (!mine.length) continue;
      const total = mine.reduce((sum, r) => sum + r.runs, 0);
      const broken = mine.reduce((sum, r) => sum + r.broken, 0);
      const kinds = mine.map((r) => `${r.kind} ${r.runs}`).join(', ');
      add(`generated inputs (${via}), invariants broken`, fn, `${total} (${kinds}); broken: ${broken}`);
    }
  }
  for (const row of rows.filter((r) => r.table === 'regexes')) {
    add('regexes checked (recheck)', 'all', `${row.checked} checked, ${row.vulnerable} vulnerable`);
  }
  for (const row of rows.filter((r) => r.table === 'memory')) {
    add(
      `memory: ${row.case}`,
      row.fn,
      `peak RSS ${row.peakRssMB} MB of ${row.memorySizeMB} MB; job ${row.reported ? 'reported' : 'NOT reported'}`,
    );
  }
  for (const row of rows.filter((r) => r.table === 'secrets')) {
    // `found` entries read `<secret> in <place> (<case>)`: list each leaked secret with its places.
    const places = by(
      row.found.map((leak) => ({
        secret: leak.split(' in ')[0],
        place: leak.split(' in ')[1].replace(/ \(.*$/, ''),
      })),
      'secret',
    );
    const leaks = [...places].map(
      ([secret, at]) => `${secret} (${[...new Set(at.map((l) => l.place))].join(', ')})`,
    );
    add(
      'secrets planted / found',
      'all',
      `${row.planted} planted; ${leaks.length ? `${leaks.length} found: ${leaks.join('; ')}` : 'found nowhere'} — looked in ${row.places.join(', ')}`,
    );
  }
  for (const row of rows.filter((r) => r.table === 'iam')) {
    const notes = [
      row.missing.length ? `missing: ${row.missing.join(', ')}` : '',
      row.unused.length ? `granted, never called: ${row.unused.join(', ')}` : '',
    ].filter(Boolean);
    add(
      'IAM actions used / granted',
      row.fn,
      `${row.used} / ${row.granted}${notes.length ? `; ${notes.join('; ')}` : ''}`,
    );
  }
  return lines;
}

class FiguresReporter {
  onRunStart() {
    rmSync(FIGURES_FILE, { force: true });
  }

  onRunComplete() {
    if (!existsSync(FIGURES_FILE)) return;
    const rows = rowsOf(readFileSync(FIGURES_FILE, 'utf8'));
    if (!rows.length) return;
    const text = [
      '',
      `Reliability figures (${new Date().toISOString().slice(0, 16)}Z, computed by the suites of this run)`,
      '',
      '| figure | function | result |',
      '|---|---|---|',
      ...tableLines(rows),
      '',
    ].join('\n');
    process.stdout.write(`${text}\n`);
    rmSync(FIGURES_FILE, { force: true });
  }
}

module.exports = FiguresReporter;
module.exports.tableLines = tableLines;
