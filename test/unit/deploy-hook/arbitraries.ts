import fc from 'fast-check';

/**
 * Strings an id could be: any code points, any UTF-16 code units (lone surrogates too), a BOM in
 * front, whitespace only, combining marks, emoji, NUL, the longest id the hook reports.
 */
export const idStrings = fc.oneof(
  fc.string({ minLength: 1, unit: 'binary' }),
  fc.string({ minLength: 1, unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  fc.string().map((rest) => `\uFEFF${rest}`),
  fc.string({
    minLength: 1,
    unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00A0', '\uFEFF', '\u2028', '\u3000'),
  }),
  fc.constantFrom('d-7KQ2M4XAB', 'é', 'e\u0301', '🚀', '\u0000', 'x'.repeat(8_192)),
);
