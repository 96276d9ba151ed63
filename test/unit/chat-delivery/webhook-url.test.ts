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

  it('redacts every secret part of a URL from a text a platform answered, raw or percent-encoded', () => {
    const url = new URL(
      'https://prod-12.westeurope.logic.azure.com/workflows/0c5e2f8a9b1d/triggers/manual/paths/invoke?api-version=1&sig=S1gn4ture%2Fvalue',
    );
    const answer = `{"error":{"message":"sig S1gn4ture/value or S1gn4ture%2Fvalue for workflow 0c5e2f8a9b1d at ${url.href}"}}`;

    expect(redactWebhook(answer, url)).toBe('{"error":{"message":"sig *** or *** for workflow *** at ***"}}');
  });
});
