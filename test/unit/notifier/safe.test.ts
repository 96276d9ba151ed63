import { ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { clearConfigCache } from '../../../functions/lib/config';
import { logger } from '../../../functions/lib/observability';
import { utf8Bytes } from '../../../functions/lib/text';
import { notify } from '../../../functions/notifier/notify';
import { subjectLine } from '../../../functions/notifier/render/facts';
import { asciiLine, escapeMarkdown } from '../../../functions/notifier/formatting';
import { codebuildSecretValues, redact } from '../../../functions/notifier/redact';
import { redactorFor } from '../../../local/secrets';
import { findSource } from '../../../functions/notifier/sources';
import { answerFromState, codepipeline, published, sampleEvent, state } from './fixtures';

describe('notifier safe content', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
    answerFromState();
  });

  it.each([
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE leaked', 'key *** leaked'],
    ['a password=value pair', 'mysql -u app password=s3cr3t! -h db', 'mysql -u app password=*** -h db'],
    ['a token in JSON', '{"api_key": "abcd1234efgh"}', '{"api_key": "***"}'],
    ['URL credentials', 'clone https://bot:ghp_abc@github.com/x', 'clone https://***@github.com/x'],
    [
      'a signed URL',
      'GET https://b.s3.amazonaws.com/k?X-Amz-Signature=abc123&x=1',
      'GET https://b.s3.amazonaws.com/k?X-Amz-Signature=***&x=1',
    ],
    [
      'a bearer token',
      'Authorization failed for Bearer eyJhbGciOi.eyJzdWIi.sig',
      'Authorization failed for Bearer ***',
    ],
    ['a GitHub token', 'token ghp_0123456789abcdefghijABCDEFGHIJ rejected', 'token *** rejected'],
  ])('redacts %s', (_what, text, expected) => {
    expect(redact(text, 500)).toBe(expected);
  });

  it('redacts known values and caps the length', () => {
    expect(redact('connect with hunter2-Plaintext then retry', 500, ['hunter2-Plaintext'])).toBe(
      'connect with *** then retry',
    );
    expect(redact('x'.repeat(10_000), 100)).toHaveLength(100);
  });

  describe('codebuildSecretValues', () => {
    it.each([
      ['a short value of a secret-looking name', { name: 'DB_PIN', value: '4821' }, ['4821']],
      ['a camel-case secret name', { name: 'deployKey', value: 'k3y' }, ['k3y']],
      ['a secret word inside a name', { name: 'DBPASSWORD', value: 'pw1' }, ['pw1']],
      ['an authorization header value', { name: 'AUTHORIZATION', value: 'abc' }, ['abc']],
      ['any value of 6+ characters', { name: 'STAGE', value: 'nightly' }, ['nightly']],
      ['a short value of an ordinary name', { name: 'STAGE', value: 'prod' }, []],
      ['a secret-looking name with a 1-2 character value', { name: 'DB_PIN', value: '42' }, []],
      ['a name that only contains a short secret word', { name: 'SHIPPING_MODE', value: 'air' }, []],
      ['an author name', { name: 'GIT_AUTHOR', value: 'bob' }, []],
      ['a Parameter Store name', { name: 'API_KEY', type: 'PARAMETER_STORE', value: '/app/api-key' }, []],
      ['a Secrets Manager name', { name: 'TOKEN', type: 'SECRETS_MANAGER', value: 'app/token' }, []],
    ])('scrubs (or keeps) %s', (_what, variable, expected) => {
      expect(codebuildSecretValues([variable])).toEqual(expected);
    });

    it('keeps a value the project name shows anyway', () => {
      const variables = [{ name: 'PROJECT', value: 'nightly-tests' }];

      expect(codebuildSecretValues(variables, 'pipewright-nightly-tests')).toEqual([]);
      expect(codebuildSecretValues(variables)).toEqual(['nightly-tests']);
    });

    it('is the rule of the local runner too', () => {
      const event = sampleEvent('codebuild-failed');

      const printed = redactorFor(event, {}).redact(JSON.stringify(event));

      expect(printed).not.toContain('4821');
      expect(printed).not.toContain('hunter2-Plaintext-Zx9q');
      expect(printed).toContain('/pipewright/nightly/api-key');
    });
  });

  it('leaves no piece of a known value that a huge, mostly redacted text would otherwise end with', () => {
    const value = 'hunter2-Plaintext-Zx9q';

    const out = redact(`${value};`.repeat(1_000), 1_500, [value]);

    expect(out).toMatch(/^(\*\*\*;)+/);
    expect(out).not.toContain('hunter');
  });

  it('leaves no piece of a secret-looking value cut by the length cap', () => {
    const out = redact('AKIAIOSFODNN7EXAMPLE '.repeat(1_000), 1_500);

    expect(out).toMatch(/^(\*\*\* )+/);
    expect(out).not.toContain('AKIA');
  });

  it('never publishes or logs a CodeBuild environment variable value', async () => {
    const secret = 'hunter2-Plaintext-Zx9q';
    const event = sampleEvent('codebuild-failed');
    expect(JSON.stringify(event)).toContain(secret);
    const logged = (['debug', 'info', 'warn', 'error'] as const).map((level) => jest.spyOn(logger, level));

    await notify(event);

    expect(published().raw).not.toContain(secret);
    expect(published().raw).not.toContain('--db-pin 4821');
    expect(published().subject).not.toContain(secret);
    expect(JSON.stringify(logged.map((spy) => spy.mock.calls))).not.toContain(secret);
    expect(logged[1]!.mock.calls.length).toBeGreaterThan(0);
  });

  it('keeps the whole SNS message under 256 KB, valid JSON, for a 1 MB error message', async () => {
    const huge = `Error: ${'stack frame\n'.repeat(100_000)}`;
    const actions = state.codepipeline.pipelines['pipewright-prod']!.actionExecutions.map((a) => ({
      ...a,
      output: { executionResult: { externalExecutionSummary: huge } },
    }));
    codepipeline.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: actions as never });

    await notify(sampleEvent('pipeline-failed'));

    const { raw, message } = published();
    expect(utf8Bytes(huge)).toBeGreaterThan(1_000_000);
    expect(utf8Bytes(raw)).toBeLessThanOrEqual(256 * 1024);
    expect(() => JSON.parse(message.https)).not.toThrow();
    expect(message.default).toContain('Failed: stage Deploy > action DeployApiCanary (CodeDeploy)');
  });

  it('makes the subject one line of printable ASCII under 100 characters', () => {
    const n = findSource(sampleEvent('pipeline-failed'))!.parse(sampleEvent('pipeline-failed'));
    n.resource = `Déploiement-ñ-😀\nsecond line ${'x'.repeat(200)}`;

    const subject = subjectLine(n);

    expect(subject).toMatch(/^\[FAILED\] Deploiement-n- second line x+\.\.\.$/);
    expect(subject.length).toBeLessThan(100);
    expect(asciiLine('a\r\nb\tc')).toBe('a b c');
  });

  it('escapes what chat markdown would interpret in user text', () => {
    expect(escapeMarkdown('fix *bold* _it_ `code` [link](x) <!here> & ~s~\nnext')).toBe(
      'fix \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) &lt;!here&gt; &amp; \\~s\\~ next',
    );
  });
});
