import fc from 'fast-check';
import { normalisePath } from '../../../functions/lib/config';
import { camelCase } from '../../../functions/lib/config-tree';

// The regex forms these functions replaced (polynomial on long separator runs), as oracles on short inputs.
const camelCaseByRegex = (s: string) =>
  s.replace(/[-_.]+([a-zA-Z0-9])/g, (_, ch: string) => ch.toUpperCase());
const normaliseByRegex = (p: string) => {
  const withSlash = p.startsWith('/') ? p : `/${p}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
};
const nameChars = fc.constantFrom('a', 'B', '7', '-', '_', '.', '/', 'é', ' ');

describe('configuration name helpers', () => {
  it('camel-cases a parameter name segment exactly as the old pattern did', () => {
    fc.assert(
      fc.property(fc.string({ unit: nameChars, maxLength: 40 }), (s) => camelCase(s) === camelCaseByRegex(s)),
      {
        numRuns: 1000,
      },
    );
  });

  it('normalises a configuration path exactly as the old pattern did', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: nameChars, maxLength: 40 }),
        (p) => normalisePath(p) === normaliseByRegex(p),
      ),
      {
        numRuns: 1000,
      },
    );
  });

  it('handles a 100,000-character separator run (no backtracking)', () => {
    expect(camelCase(`${'-'.repeat(100_000)}!`)).toBe(`${'-'.repeat(100_000)}!`);
    expect(normalisePath(`/a${'/'.repeat(100_000)}`)).toBe('/a');
  });
});
