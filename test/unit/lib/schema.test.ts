import fc from 'fast-check';
import * as z from 'zod';
import { ConfigurationError } from '../../../functions/lib/errors';
import { httpUrl } from '../../../functions/lib/http/expectation';
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
        'UserParameters.url: expected a URL, got text of 4 characters (not shown); UserParameters.attempts: expected a number, got "3"',
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
        // Marked apart from the other fields' values, which may be quoted and hold a `SECRET…` prefix of them.
        secret.map((s) => `TOKEN${s}`),
        secret.map((s) => `HEADER${s}`),
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

  describe('URL, header, body and secret-looking fields', () => {
    const httpLike = z.strictObject({
      url: httpUrl,
      webhookUrl: z.url({ protocol: /^https$/ }).optional(),
      headers: z.record(z.string(), z.number()).optional(),
      body: z.number().optional(),
      payloads: z.array(z.number()).optional(),
      expectBodyContains: z.number().optional(),
      maxBodyBytes: z.number().max(10).optional(),
    });
    const token = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/).map((s) => `TOKEN${s}`);
    const password = fc.stringMatching(/^[A-Za-z0-9]{6,16}$/).map((s) => `PW${s}`);
    /** URLs carrying a token (query, fragment) and a password, parseable or broken (a space in the host, a bad scheme...). */
    const leakyUrl = fc
      .tuple(
        fc.constantFrom('ftp', 'https', 'http', 'gopher', 'javascript', ''),
        fc.constantFrom('svc', 'sv c', 'api.example.com', '[::1', 'a%zz', ''),
        fc.constantFrom('?token=', '?a=1&sig=', '#', '?', '#access_token='),
        fc.boolean(),
        token,
        password,
      )
      .map(
        ([scheme, host, before, userinfo, t, pw]) =>
          `${scheme ? `${scheme}://` : ''}${userinfo ? `admin:${pw}@` : ''}${host}/health${before}${t}`,
      );

    const failures = (input: Record<string, unknown>) => {
      const parsed = httpLike.safeParse(input, { reportInput: true });
      return parsed.success
        ? ''
        : formatIssues(parsed.error.issues, { root: 'UserParameters', maxIssues: 50 });
    };

    it('never quotes the token, password, query or fragment of a malformed URL', () => {
      fc.assert(
        fc.property(leakyUrl, token, password, (url, t, pw) => {
          const text = failures({ url, webhookUrl: url });
          for (const secret of [t, pw])
            for (const found of text.match(/TOKEN\w+|PW\w+/g) ?? []) {
              expect(found).not.toBe(secret);
            }
          expect(text).not.toMatch(/TOKEN|PW[A-Za-z0-9]{6}|\?|#/);
        }),
        { numRuns: 1000 },
      );
    });

    it('shows a URL that parses as origin and path only, saying what was left out', () => {
      expect(failures({ url: 'ftp://svc/health?token=SECRETTOKEN123' })).toBe(
        'UserParameters.url: expected a URL, got "ftp://svc/health" (query not shown)',
      );
      expect(failures({ url: 'https://admin:hunter2@sv c/health?token=SECRETTOKEN123' })).toBe(
        'UserParameters.url: expected a URL, got text of 54 characters (not shown)',
      );
      expect(failures({ url: 'https://admin:hunter2@api.example.com/health#k=v' })).toMatch(
        /^UserParameters\.url: must not carry credentials/,
      );
      expect(failures({ url: 'https://api.example.com/x', webhookUrl: 'http://u:p@h/p?q#f' })).toBe(
        'UserParameters.webhookUrl: expected a URL, got "http://h/p" (credentials, query and fragment not shown)',
      );
    });

    it('describes header, body and payload values by type and length, and numbers of bytes as they are', () => {
      const text = failures({
        url: 'https://api.example.com/',
        headers: { Accept: 'hunter2' },
        body: 'hunter3',
        payloads: ['hunter4'],
        expectBodyContains: 'hunter5',
        maxBodyBytes: 11,
      });
      expect(text).not.toMatch(/hunter/);
      expect(text).toContain(
        'UserParameters.headers.Accept: expected a number, got text of 7 characters (not shown)',
      );
      expect(text).toContain(
        'UserParameters.payloads.0: expected a number, got text of 7 characters (not shown)',
      );
      expect(text).toContain('UserParameters.maxBodyBytes: expected a number ≤ 10, got 11');
    });

    it('shows only the origin of URL-looking text in a field that is no URL (a webhook pasted there: its path is its token)', () => {
      const parsed = z.object({ name: z.number(), type: z.enum(['slack']) }).safeParse(
        {
          name: 'https://u:hunter2@api.example.com/p?token=abc',
          type: 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/s3cr3tTOKENvalue',
        },
        { reportInput: true },
      );
      const text = formatIssues(parsed.error!.issues);

      expect(text).toContain(
        'name: expected a number, got "https://api.example.com" (credentials, path and query not shown)',
      );
      expect(text).toContain('type: expected "slack", got "https://hooks.slack.com" (path not shown)');
      expect(text).not.toMatch(/s3cr3t|B0BBBBBBB|hunter2|token=/);
    });
  });

  it('lists five problems and counts the rest', () => {
    const parsed = z.array(z.number()).safeParse(['a', 'b', 'c', 'd', 'e', 'f', 'g'], { reportInput: true });
    expect(formatIssues(parsed.error!.issues, 'list')).toBe(
      'list.0: expected a number, got "a"; list.1: expected a number, got "b"; list.2: expected a number, got "c"; list.3: expected a number, got "d"; list.4: expected a number, got "e"; and 2 more problems',
    );
  });
});
