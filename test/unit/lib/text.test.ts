import * as fc from 'fast-check';
import {
  countText,
  foldLineBreaks,
  formatDuration,
  listText,
  truncate,
  truncateBytes,
  utf8Bytes,
} from '../../../functions/lib/text';

describe('truncate', () => {
  it('leaves short text alone and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('x'.repeat(6000), 5000);
    expect(cut).toHaveLength(5000);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('😀'.repeat(10), 6);
    expect(cut).toBe('😀😀…');
  });
});

describe('truncateBytes', () => {
  it('keeps the UTF-8 size within the limit without breaking a multi-byte character', () => {
    const text = 'é'.repeat(300_000);
    const cut = truncateBytes(text, 1_000);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(1_000);
    expect(cut).not.toContain('\uFFFD');
    expect(cut).toMatch(/\[truncated \d+ bytes\]$/);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [12_000, '12s'],
    [751_000, '12m 31s'],
    [3_723_000, '1h 2m 3s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('listText', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ])('joins %j as "%s"', (items, text) => {
    expect(listText(items)).toBe(text);
  });
});

describe('countText', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect([0, 1, 2].map((n) => countText(n, 'parameter'))).toEqual([
      '0 parameters',
      '1 parameter',
      '2 parameters',
    ]);
    expect(countText(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('foldLineBreaks', () => {
  it('folds each run of white space holding a line break into one space, as the quadratic pattern did', () => {
    const quadratic = /\s*\r?\n\s*/g; // the pattern it replaces, fine on short generated text
    const text = fc.string({
      unit: fc.constantFrom(' ', '\t', '\n', '\r', 'a', 'b', '\u00a0'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(text, (t) => {
        expect(foldLineBreaks(t)).toBe(t.replace(quadratic, ' '));
      }),
      { numRuns: 2000 },
    );
  });
});
