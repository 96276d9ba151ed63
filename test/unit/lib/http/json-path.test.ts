import fc from 'fast-check';
import { checkJsonExpectation, readJsonPath } from '../../../../functions/lib/http/json-path';

/** Names every object inherits, and `length`, which arrays own but a path may not use. */
const INHERITED = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'length',
];

/** Every path (`a.0.b`) that exists in a JSON document, with its value: the oracle, from own keys only. */
function ownPaths(value: unknown, prefix: string[] = []): Array<[string[], unknown]> {
  const here: Array<[string[], unknown]> = prefix.length ? [[prefix, value]] : [];
  if (value === null || typeof value !== 'object') return here;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [...here, ...entries.flatMap(([key, child]) => ownPaths(child, [...prefix, key]))];
}

const segment = fc.oneof(fc.constantFrom(...INHERITED), fc.string({ maxLength: 4 }), fc.nat(5).map(String));
const document = fc.jsonValue({ maxDepth: 4 }).map((text) => JSON.parse(JSON.stringify(text)) as unknown);

describe('readJsonPath', () => {
  it('walks objects and arrays', () => {
    expect(readJsonPath({ a: [{ b: 3 }] }, 'a.0.b')).toEqual({ found: true, value: 3 });
    expect(readJsonPath({ a: {} }, 'a.b')).toEqual({ found: false });
  });

  it('finds no field inherited from Object.prototype or an array (constructor.name, length)', () => {
    expect(readJsonPath({}, 'constructor.name')).toEqual({ found: false });
    expect(readJsonPath({ a: [] }, 'a.length')).toEqual({ found: false });
    expect(readJsonPath({ a: [1] }, 'a.01')).toEqual({ found: false });
    expect(readJsonPath(JSON.parse('{"__proto__":{"x":1}}'), '__proto__.x')).toEqual({
      found: true,
      value: 1,
    });
  });

  it('finds exactly the paths a document owns, for any document and any path (generated)', () => {
    fc.assert(
      fc.property(document, fc.array(segment, { minLength: 1, maxLength: 4 }), (doc, keys) => {
        const owned = ownPaths(doc).find(([path]) => path.join('.') === keys.join('.'));
        const seen = readJsonPath(doc, keys.join('.'));
        // Segments are split on dots, so a generated key holding a dot or an empty key maps to other paths.
        fc.pre(keys.every((key) => key !== '' && !key.includes('.')));
        expect(seen).toEqual(owned ? { found: true, value: owned[1] } : { found: false });
      }),
      { numRuns: 1000 },
    );
  });

  it('finds every path a document owns (generated)', () => {
    fc.assert(
      fc.property(document, (doc) => {
        for (const [path, value] of ownPaths(doc)) {
          if (path.some((key) => key === '' || key.includes('.'))) continue;
          expect(readJsonPath(doc, path.join('.'))).toEqual({ found: true, value });
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('checkJsonExpectation', () => {
  it('fails an expectation on a field the body does not own, such as constructor.name', () => {
    expect(checkJsonExpectation('{"status":"ok"}', { path: 'constructor.name', equals: 'Object' })).toBe(
      'expected JSON constructor.name = "Object", got no field "constructor.name"',
    );
  });

  it('says what was seen, cut to 200 characters, and passes an equal value', () => {
    const long = JSON.stringify({ status: 'x'.repeat(5000) });
    expect(checkJsonExpectation(long, { path: 'status', equals: 'ok' })!.length).toBeLessThan(260);
    expect(checkJsonExpectation('{"a":[true]}', { path: 'a.0', equals: true })).toBeUndefined();
    expect(checkJsonExpectation('<html>', { path: 'a', equals: 1 })).toBe(
      'expected JSON a = 1, got a body that is not JSON ("<html>")',
    );
  });
});
