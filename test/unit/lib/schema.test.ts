import fc from 'fast-check';
import * as z from 'zod';
import { ConfigurationError } from '../../../functions/lib/errors';
import { formatIssues, parseJson, parsePayload } from '../../../functions/lib/schema';

describe('parseJson', () => {
  it('says where the JSON broke without quoting the text (it may hold a secret)', () => {
    const run = () =>
      parseJson(
        '{"headers":{"authorization":Bearer s3cr3t-token}}',
        '/pipewright/dev/deploy-hook/apps/orders',
      );
    expect(run).toThrow(ConfigurationError);
    expect(run).toThrow("/pipewright/dev/deploy-hook/apps/orders is not valid JSON (Unexpected token 'B')");
    expect(run).not.toThrow(/s3cr3t/);
  });

  it('keeps the position when the parser gives one', () => {
    expect(() => parseJson('[1,2 3]', 'UserParameters')).toThrow(
      /UserParameters is not valid JSON \(.*position 5/,
    );
  });
});

describe('parsePayload', () => {
  it('names each wrong field once, with what was expected and what was seen', () => {
    const schema = z.object({ url: z.url(), attempts: z.number() });
    expect(() => parsePayload(schema, { url: 'nope', attempts: '3' }, 'UserParameters')).toThrow(
      new ConfigurationError(
        'UserParameters.url: expected a URL, got "nope"; UserParameters.attempts: expected a number, got "3"',
      ),
    );
  });

  it('says a rule of the whole payload once, after the payload name', () => {
    const schema = z
      .object({ alarms: z.array(z.string()).optional(), alarmPrefix: z.string().optional() })
      .refine((p) => (p.alarms === undefined) !== (p.alarmPrefix === undefined), {
        message: 'set exactly one of "alarms" (a list of names) or "alarmPrefix"',
      });
    expect(() => parsePayload(schema, {}, 'UserParameters')).toThrow(
      new ConfigurationError(
        'UserParameters: set exactly one of "alarms" (a list of names) or "alarmPrefix"',
      ),
    );
  });

  it('describes a secret-looking field by type and length only', () => {
    const schema = z.object({ headers: z.record(z.string(), z.number()), apiToken: z.number() });
    const run = () =>
      parsePayload(schema, { headers: { 'X-Api-Key': 'k3y-value' }, apiToken: 's3cr3t' }, 'UserParameters');
    expect(run).toThrow(
      'UserParameters.headers.X-Api-Key: expected a number, got text of 9 characters (not shown)',
    );
    expect(run).toThrow('UserParameters.apiToken: expected a number, got text of 6 characters (not shown)');
    expect(run).not.toThrow(/k3y-value|s3cr3t/);
  });
});

describe('formatIssues', () => {
  const schema = z.strictObject({
    url: z.url(),
    attempts: z.number().int().min(1).max(10),
    state: z.enum(['FAILED', 'STOPPED']),
    name: z.string().min(1).max(20),
    tags: z.array(z.string()).min(1),
    version: z.union([z.string().min(1), z.number()]),
    mode: z.literal('strict'),
    enabled: z.stringbool(),
    nested: z.object({ id: z.uuid(), when: z.array(z.enum(['BeforeAllowTraffic'])) }),
    token: z.number(),
    headers: z.record(z.string(), z.number()),
  });
  const secret = fc.stringMatching(/^[A-Za-z0-9]{6,20}$/).map((s) => `SECRET${s}`);
  const value = fc.oneof(fc.anything(), secret, fc.string(), fc.integer(), fc.constant(undefined));

  it('says "<path>: expected …, got …" in plain words for any input, never zod\'s words or a secret', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(schema.shape), 'extra'), value),
        secret,
        secret,
        (input, token, header) => {
          const parsed = schema.safeParse(
            { ...input, token, headers: { Authorization: header } },
            { reportInput: true },
          );
          if (parsed.success) return;
          const text = formatIssues(parsed.error.issues, { root: 'UserParameters', maxIssues: 50 });
          expect(text).not.toMatch(
            /Invalid input|Invalid option|received|Too (small|big)|expected nonoptional/,
          );
          expect(text).not.toContain(token);
          expect(text).not.toContain(header);
          for (const issue of parsed.error.issues) {
            expect(formatIssues([issue], { root: 'UserParameters' })).toMatch(/^UserParameters(\.[^:]+)?: /);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('lists five problems and counts the rest', () => {
    const parsed = z.array(z.number()).safeParse(['a', 'b', 'c', 'd', 'e', 'f', 'g'], { reportInput: true });
    expect(formatIssues(parsed.error!.issues, 'list')).toBe(
      'list.0: expected a number, got "a"; list.1: expected a number, got "b"; list.2: expected a number, got "c"; list.3: expected a number, got "d"; list.4: expected a number, got "e"; and 2 more problems',
    );
  });
});
