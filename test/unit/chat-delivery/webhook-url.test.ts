import { redactWebhook, webhookUrlProblem } from '../../../functions/chat-delivery/webhook-url';

describe('webhook URLs', () => {
  it.each([
    'https://hooks.slack.com/services/T0/B0/x',
    'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t',
    'http://127.0.0.1:8090/webhooks/slack/x',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['hooks.slack.com/services/s3cr3t', /^is not an https URL \(\d+ characters, not shown\)$/],
    ['ftp://hooks.slack.com/services/s3cr3t', /^is not an https URL/],
    ['http://hooks.slack.com/services/s3cr3t', /^must use https/],
    ['https://user:s3cr3t@hooks.slack.com/services/x', /^must not carry credentials/],
  ])('refuses %s without quoting it', (url, problem) => {
    expect(webhookUrlProblem(url)).toMatch(problem);
    expect(webhookUrlProblem(url)).not.toMatch(/s3cr3t/);
  });

  it.each([
    'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'https://169.254.170.2/v2/credentials/s3cr3t',
    'https://[fd00:ec2::254]/latest/',
    'https://[fe80::1]/hook',
  ])('refuses the link-local address of %s (instance metadata, credentials)', (url) => {
    expect(webhookUrlProblem(url)).toBe('must not be a link-local address (instance metadata, credentials)');
  });

  describe('in Lambda', () => {
    const saved = { api: process.env.AWS_LAMBDA_RUNTIME_API, local: process.env.AWS_SAM_LOCAL };
    beforeEach(() => {
      process.env.AWS_LAMBDA_RUNTIME_API = '127.0.0.1:9001';
      delete process.env.AWS_SAM_LOCAL;
    });
    afterEach(() => {
      for (const [key, value] of [
        ['AWS_LAMBDA_RUNTIME_API', saved.api],
        ['AWS_SAM_LOCAL', saved.local],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it.each([
      'http://127.0.0.1:9001/2018-06-01/runtime/init/error',
      'https://localhost/hook',
      'http://[::1]:9001/x',
    ])('refuses the loopback host of %s: the Lambda Runtime API listens there', (url) => {
      expect(webhookUrlProblem(url)).toMatch(/^must not be a loopback host in Lambda/);
    });

    it('still takes a loopback stand-in under sam local, and any https host', () => {
      expect(webhookUrlProblem('https://hooks.slack.com/services/T0/B0/x')).toBeUndefined();
      process.env.AWS_SAM_LOCAL = 'true';
      expect(webhookUrlProblem('http://127.0.0.1:8090/webhooks/slack/x')).toBeUndefined();
    });
  });

  it('redacts every secret part of a URL from a text a platform answered, raw or percent-encoded', () => {
    const url = new URL(
      'https://prod-12.westeurope.logic.azure.com/workflows/0c5e2f8a9b1d/triggers/manual/paths/invoke?api-version=1&sig=S1gn4ture%2Fvalue',
    );
    const answer = `{"error":{"message":"sig S1gn4ture/value or S1gn4ture%2Fvalue for workflow 0c5e2f8a9b1d at ${url.href}"}}`;

    expect(redactWebhook(answer, url)).toBe('{"error":{"message":"sig *** or *** for workflow *** at ***"}}');
  });
});
