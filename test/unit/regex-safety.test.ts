import { checkRegexes, type RegexReport } from '../support/regexes';

describe('regular expressions under functions/', () => {
  let report: RegexReport;

  beforeAll(async () => {
    report = await checkRegexes(['functions']);
  }, 240_000);

  it('finds the regular expressions it checks (regex literals and new RegExp with a literal source)', () => {
    expect(report.checked).toBeGreaterThan(20);
  });

  it('runs each in linear time: recheck finds no ReDoS (polynomial or exponential backtracking)', () => {
    const listed = report.vulnerable.map((r) => `${r.file}:${r.line} /${r.source}/${r.flags} — ${r.reason}`);

    expect(listed).toEqual([]);
  });

  it('builds none from a non-literal source (it could not be checked)', () => {
    expect(report.dynamic).toEqual([]);
  });
});
