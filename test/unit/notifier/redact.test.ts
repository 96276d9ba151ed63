import { ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import * as fc from 'fast-check';
import { clearConfigCache } from '../../../functions/lib/config';
import { escapeMarkdown } from '../../../functions/notifier/formatting';
import { notify } from '../../../functions/notifier/notify';
import { caps, namesSecret, redact } from '../../../functions/notifier/redact';
import { answerFromState, codepipeline, published, sampleEvent, sns, state } from './fixtures';

/** Names that say they hold a secret, as people write them in flags, variables, keys and headers. */
const secretName = fc.constantFrom(
  'password',
  'db-password',
  'DB_PASSWORD',
  'PGPASSWORD',
  'api-token',
  'apiToken',
  'API_KEY',
  'access_key',
  'client_secret',
  'clientSecret',
  'auth-token',
  'privateKey',
  'DB_PIN',
  'passphrase',
  'credentials',
  'token',
  'secret',
);
const headerName = fc.constantFrom(
  'Authorization',
  'Proxy-Authorization',
  'X-Api-Key',
  'X-Auth-Token',
  'Cookie',
);
const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/**
 * A secret as a shell, a config file or JSON would carry it unquoted: letters, digits and the
 * punctuation passwords use (`! @ # $ % ^ * _ + = ~ / : -`), not starting with a dash.
 */
const secretValue = fc
  .tuple(
    fc.constantFrom(...alphanumeric),
    fc.string({ unit: fc.constantFrom(...`${alphanumeric}!@#$%^*_+=~/:-`), minLength: 7, maxLength: 23 }),
  )
  .map(([first, rest]) => first + rest);

/** A harmless word: a user name, a cookie name (`session`, `sid`...), never secret by itself. */
const plainWord = fc.constantFrom('alice', 'app', 'session', 'sid', 'JSESSIONID', 'theme', 'lang');

/** What a planted form is made of: a secret-looking name, the secret, a header name and a plain word. */
interface Planting {
  name: string;
  secret: string;
  header: string;
  word: string;
}

/** Every form a secret takes in a failure message, by what it is. */
const plantedForms: Record<string, (p: Planting) => string> = {
  'a space-separated flag': (p) => `--${p.name} ${p.secret}`,
  'a flag with =': (p) => `--${p.name}=${p.secret}`,
  'a short password flag': (p) => `-p ${p.secret}`,
  'a password glued to -p (mysql -pPASS)': (p) => `mysql -u ${p.word} -p${p.secret}`,
  'KEY=value': (p) => `${p.name}=${p.secret}`,
  'KEY: value': (p) => `${p.name}: ${p.secret}`,
  'a JSON pair': (p) => `"${p.name}": "${p.secret}"`,
  'a quoted value': (p) => `${p.name}='${p.secret}'`,
  'a URL-encoded pair (password%3D…)': (p) => `data=user%3D${p.word}%26${p.name}%3D${p.secret}`,
  'URL-encoded JSON': (p) => `q=%7B%22${p.name}%22%3A%22${p.secret}%22%7D`,
  'a header': (p) => `${p.header}: ${p.secret}`,
  "a header given to curl in '…'": (p) => `-H '${p.header}: ${p.secret}'`,
  'a header given to curl in "…"': (p) => `-H "${p.header}: ${p.secret}"`,
  'a bearer token': (p) => `Authorization: Bearer ${p.secret}`,
  'any pair of a Cookie header': (p) => `Cookie: a=1; ${p.word}=${p.secret}; b=2`,
  'any pair of a quoted Cookie header': (p) => `-H 'Cookie: lang=en; ${p.word}=${p.secret}'`,
  'curl -u user:pass': (p) => `curl -u ${p.word}:${p.secret}`,
  'curl --user user:pass': (p) => `curl --user ${p.word}:${p.secret}`,
  'curl --user=user:pass': (p) => `curl --user=${p.word}:${p.secret}`,
  "curl -u 'user:pass'": (p) => `curl -u '${p.word}:${p.secret}'`,
  'curl -uuser:pass': (p) => `curl -u${p.word}:${p.secret}`,
};
const FORMS = Object.keys(plantedForms);
const planting = fc.record({ name: secretName, secret: secretValue, header: headerName, word: plainWord });
const planted = fc
  .tuple(fc.constantFrom(...FORMS), planting)
  .map(([form, p]) => ({ secret: p.secret, text: plantedForms[form]!(p) }));

/** Ordinary words of a failure message, including look-alikes that are not secrets. */
const filler = fc.constantFrom(
  './deploy.sh',
  'Error:',
  'failed',
  '--verbose',
  '--region',
  'eu-west-1',
  'STAGE=prod',
  'key',
  'user=bob',
  '-u',
  'app',
  '{"ok": true}',
  'exit status 1.',
  'Reason:',
  'https://example.com/x?y=1',
);
const message = fc
  .tuple(
    fc.array(filler, { maxLength: 6 }),
    fc.array(planted, { minLength: 1, maxLength: 3 }),
    fc.array(filler, { maxLength: 6 }),
    fc.constantFrom(' ', '\n', ' ; '),
  )
  .map(([before, secrets, after, glue]) => ({
    secrets: secrets.map((s) => s.secret),
    text: [...before, ...secrets.map((s) => s.text), ...after].join(glue),
  }));

/** Every string in a parsed JSON value. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value).flatMap(stringsOf)
      : [];

/** Everything a subscriber of the last notification can read: subject, text, chat and model, decoded. */
function everythingPublished(): string[] {
  const { subject, message: parts } = published();
  return [
    subject,
    parts.default,
    parts.email,
    ...stringsOf(JSON.parse(parts.https)),
    ...stringsOf(JSON.parse(parts.sqs)),
  ];
}

describe('redact', () => {
  it.each([
    [
      'a space-separated flag',
      './deploy.sh --db-password hunter2 --api-token=abc',
      './deploy.sh --db-password *** --api-token=***',
    ],
    ['a short password flag', 'mysql -u app -p hunter2 -h db', 'mysql -u app -p *** -h db'],
    [
      'KEY=value and KEY: value',
      'DB_PASSWORD=s3cr3t STAGE=prod api_key: k-123',
      'DB_PASSWORD=*** STAGE=prod api_key: ***',
    ],
    [
      'a header given to curl',
      `curl -H 'X-Api-Key: k1abc' -H "Authorization: Bearer abc.def" x`,
      `curl -H 'X-Api-Key: ***' -H "Authorization: ***" x`,
    ],
    [
      'JSON keys',
      '{"password": "p\\"w1", "user": "bob", "pin": 4821}',
      '{"password": "***", "user": "bob", "pin": ***}',
    ],
    [
      'a name after a non-secret pair',
      'a=password=secret1 --verbose --token tok123',
      'a=password=*** --verbose --token ***',
    ],
    [
      'a PEM private key',
      'key -----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY----- after',
      'key *** after',
    ],
    [
      'the password of curl -u and --user, keeping the user',
      "curl -u alice:S3cr3t! x; curl --user=bob:pw:2 y; curl -u 'eve:a b' z; curl -ualice:S3cr3t",
      "curl -u alice:*** x; curl --user=bob:*** y; curl -u 'eve:***' z; curl -ualice:***",
    ],
    [
      'a password glued to -p',
      'mysql -u app -pHunter2x db; mysql -psecretpw',
      'mysql -u app -p*** db; mysql -p***',
    ],
    [
      'URL-encoded pairs',
      'data=user%3Dbob%26password%3Dhunter2 q=%7B%22token%22%3A%22abc123%22%7D',
      'data=user%3Dbob%26password%3D*** q=%7B%22token%22%3A***',
    ],
    [
      'every pair of a Cookie header, to the end of the line or of the quoted header',
      "Cookie: a=1; session=SECRET1\nnext -H 'Set-Cookie: sid=S2; Path=/' after",
      "Cookie: ***\nnext -H 'Set-Cookie: ***' after",
    ],
  ])('redacts %s', (_what, text, expected) => {
    expect(redact(text, 500)).toBe(expected);
  });

  it.each([
    ['prose around a colon', 'Authentication failed: invalid user'],
    ['ordinary flags and values', './deploy.sh --verbose --region eu-west-1 STAGE=prod'],
    ['an author', 'GIT_AUTHOR=bob'],
    ['flags that start with -p', 'find . -print0 -prune -path x; gcc -pthread -pedantic; patch -p1'],
    [
      'a user without a password, and a URL after -u',
      'curl -u alice x; git push -u origin main; git push -u https://h/x',
    ],
  ])('keeps %s', (_what, text) => {
    expect(redact(text, 500)).toBe(text);
  });

  it('names secrets by whole words and camel case', () => {
    expect(['db-password', 'deployKey', 'X-Api-Key', 'DB_PIN', 'Authorization'].map(namesSecret)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['SHIPPING_MODE', 'MONKEY', 'BYPASS_CACHE', 'GIT_AUTHOR', 'region'].map(namesSecret)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it.each(FORMS)('never lets a secret planted as %s through, wherever it stands in a message', (form) => {
    const around = fc.array(filler, { maxLength: 4 });
    fc.assert(
      fc.property(planting, around, around, fc.constantFrom(' ', '\n', ' ; '), (p, before, after, glue) => {
        const text = [...before, plantedForms[form]!(p), ...after].join(glue);
        expect(redact(text, caps.summary)).not.toContain(p.secret);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a planted secret through, in any form, inside generated messages', () => {
    fc.assert(
      fc.property(message, ({ secrets, text }) => {
        const out = redact(text, caps.summary);
        for (const secret of secrets) expect(out).not.toContain(secret);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads a bounded part of any text: hostile repeats up to 100 KB cost what the cap allows', () => {
    const hostileUnit = fc
      .array(
        fc.constantFrom(
          'password',
          '=',
          'token:',
          '--api-key',
          ' ',
          '"',
          "'",
          '\\',
          '-',
          '.',
          '_',
          'eyJ',
          'ghp_',
          '://',
          'a:b@',
          'Bearer ',
          '-----BEGIN ',
          'PRIVATE KEY-----',
          'T.',
          'A+',
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((words) => words.join(''));
    const hostile = fc
      .tuple(hostileUnit, fc.integer({ min: 1, max: 100_000 }))
      .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size));
    const exec = RegExp.prototype.exec;
    fc.assert(
      fc.property(hostile, fc.constantFrom(caps.name, caps.summary), (text, maxChars) => {
        let calls = 0;
        let longest = 0;
        const spy = jest.spyOn(RegExp.prototype, 'exec').mockImplementation(function (
          this: RegExp,
          input: string,
        ) {
          calls += 1;
          longest = Math.max(longest, input.length);
          return exec.call(this, input);
        });
        try {
          expect(redact(text, maxChars).length).toBeLessThanOrEqual(maxChars);
        } finally {
          spy.mockRestore();
        }
        // The patterns never see more than 4 × the cap, and take at most a few matches per character
        // of that: with every pattern linear (regex-safety test), the work does not grow with the text.
        expect(longest).toBeLessThanOrEqual(4 * maxChars);
        expect(calls).toBeLessThanOrEqual(4 * 4 * maxChars + 2_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('notify with secrets in a failure message', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
    answerFromState([{ Name: '/pipewright/test/notifier/include-stage-and-action-events', Value: 'true' }]);
  });

  it('publishes no planted secret, in any form, in the subject, text, chat or model of an action or pipeline failure', async () => {
    const actions = state.codepipeline.pipelines['pipewright-prod']!.actionExecutions;
    await fc.assert(
      fc.asyncProperty(message, fc.boolean(), async ({ secrets, text }, viaPipeline) => {
        sns.resetHistory();
        if (viaPipeline) {
          const failed = actions.map((a) => ({
            ...a,
            output: {
              executionResult: {
                externalExecutionSummary: text,
                errorDetails: { code: 'JobFailed', message: text },
              },
            },
          }));
          codepipeline.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: failed as never });
        }
        const event = sampleEvent(viaPipeline ? 'pipeline-failed' : 'action-failed-with-execution-result');
        if (!viaPipeline)
          (event.detail['execution-result'] as Record<string, unknown>)['external-execution-summary'] = text;

        await expect(notify(event)).resolves.toMatchObject({ published: true });

        const seen = everythingPublished().join('\n');
        for (const secret of secrets) {
          expect(seen).not.toContain(secret);
          expect(seen).not.toContain(escapeMarkdown(secret));
        }
      }),
      { numRuns: 150 },
    );
  });
});
