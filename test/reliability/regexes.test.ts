import { type RegexReport, checkRegexes } from '../support/regexes';
import { recordFigure } from './figures';

describe('the regular expressions of functions/', () => {
  let report: RegexReport;

  beforeAll(async () => {
    report = await checkRegexes(['functions']);
    recordFigure({ table: 'regexes', checked: report.checked, vulnerable: report.vulnerable.length });
  }, 240_000);

  it('are found where they are written (regex literals and new RegExp with a literal source)', () => {
    expect(report.checked).toBeGreaterThan(20);
  });

  it('run in linear time: recheck finds no ReDoS (polynomial or exponential backtracking)', () => {
    const listed = report.vulnerable.map((r) => `${r.file}:${r.line} /${r.source}/${r.flags} — ${r.reason}`);

    expect(listed).toEqual([]);
  });

  it('are never built from a non-literal source (it could not be checked)', () => {
    expect(report.dynamic).toEqual([]);
  });
});
