import * as fc from 'fast-check';

/** Keys that reach a prototype when written with `obj[key] = …`, plus names pipewright's schemas read. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'when',
  'checks',
];

/** A string of 100,000 to 1,000,000 characters (a huge value). */
const hugeString = fc.integer({ min: 100_000, max: 1_000_000 }).map((length) => 'x'.repeat(length));

/** Any JSON value, with hostile keys and huge strings mixed in. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constantFrom('', ' ', '\t\n', '\uFEFFa1b2', '__proto__', 'null', '{}', '-1', 'NaN'),
    hugeString,
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value')), {
      maxLength: 4,
    })
    .map(objectFromEntries),
})).value;

/**
 * An object with exactly these own properties, `__proto__` included, as `JSON.parse` builds one from
 * an event (assignment would set the prototype instead).
 */
function objectFromEntries(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** One change to a document: at the `at`-th node (modulo the node count), set, delete or add a key. */
export interface Mutation {
  at: number;
  kind: 'set' | 'delete' | 'add';
  key: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('set', 'delete', 'add'),
  key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })),
  value: hostileJson,
});

type Container = Record<string, unknown> | unknown[];
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Every (container, key) slot of a document, depth first. */
function slots(root: Container): [Container, string][] {
  const found: [Container, string][] = [];
  const walk = (node: Container) => {
    for (const key of Object.keys(node)) {
      found.push([node, key]);
      const child = (node as Record<string, unknown>)[key];
      if (isContainer(child)) walk(child);
    }
  };
  walk(root);
  return found;
}

/**
 * Applies mutations to a copy of a sample event. String fields holding JSON (CodePipeline's
 * `UserParameters`) are mutated inside too, and written back as JSON text. The result is what
 * `JSON.parse` of the mutated event gives (own `__proto__` keys, no shared references).
 */
export function mutate(sample: unknown, mutations: Mutation[]): unknown {
  const root = { event: structuredClone(sample) } as Record<string, unknown>;
  const embedded: [Container, string][] = [];
  for (const [node, key] of slots(root)) {
    const value = (node as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.startsWith('{')) {
      try {
        (node as Record<string, unknown>)[key] = JSON.parse(value);
        embedded.push([node, key]);
      } catch {
        // not JSON: an ordinary string
      }
    }
  }
  for (const change of mutations) {
    const all = slots(root).filter(([node]) => node !== root);
    if (all.length === 0) break;
    const [node, key] = all[change.at % all.length]!;
    const target = (node as Record<string, unknown>)[key];
    if (change.kind === 'set') (node as Record<string, unknown>)[key] = change.value;
    else if (change.kind === 'delete') delete (node as Record<string, unknown>)[key];
    else if (isContainer(target) && !Array.isArray(target))
      Object.defineProperty(target, change.key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  for (const [node, key] of embedded) {
    const value = (node as Record<string, unknown>)[key];
    if (isContainer(value)) (node as Record<string, unknown>)[key] = JSON.stringify(value);
  }
  return JSON.parse(JSON.stringify(root.event ?? null)) as unknown;
}

/** A Parameter Store parameter as the loopback endpoint seeds it. */
export interface GeneratedParameter {
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
}

/**
 * Parameters below `prefix`: names made of the given segments, hostile ones (`__proto__`, …) and
 * random ones; values of the wrong type, malformed JSON, huge.
 */
export function parameters(prefix: string, segments: string[], values: fc.Arbitrary<string>) {
  const segment = fc.oneof(
    fc.constantFrom(...segments),
    fc.constantFrom('__proto__', 'constructor', 'prototype'),
    fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/),
  );
  return fc.array(
    fc.record({
      name: fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `${prefix}${parts.join('/')}`),
      type: fc.constantFrom('String', 'StringList', 'SecureString'),
      value: values,
    }),
    { minLength: 1, maxLength: 5 },
  ) as fc.Arbitrary<GeneratedParameter[]>;
}

/** Configuration values that are never a valid choice: wrong types, malformed JSON, unknown states, huge. */
export const invalidValues = fc.oneof(
  fc.constantFrom(
    'FAILD',
    'yes please',
    '',
    ' ',
    '[1,2',
    '{"when":',
    '{"checks":[{"check":1}]}',
    'null',
    '-1',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.integer({ min: 4_000, max: 20_000 }).map((length) => 'x'.repeat(length)),
);

/** Whether a parameter name has a segment that names a prototype (`__proto__`, `constructor`, `prototype`). */
export const hasPrototypeSegment = (name: string) =>
  name.split('/').some((segment) => ['__proto__', 'constructor', 'prototype'].includes(segment));
