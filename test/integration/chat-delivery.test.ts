import { basename } from 'node:path';
import { fitBody } from '../../functions/chat-delivery/fit';
import { outlineOf } from '../../functions/chat-delivery/outline';
import { platforms } from '../../functions/chat-delivery/platforms';
import { readNotification } from '../../functions/chat-delivery/read-message';
import { type Invocation, invokeBundle, readEvent } from './harness';
import { sampleEvents } from '../support/samples';

const FN = 'ChatDeliveryFunction';

/** What a run posted, as `<platform> <outcome>`, and how many posts each platform stand-in took. */
const posts = (run: Invocation) =>
  run.calls.filter((call) => call.service === 'chat').map((call) => `${call.operation} ${call.outcome}`);

/** The notifier's published model for a sample event of events/notifier/ (the `lambda` body). */
async function notifierModel(name: string): Promise<unknown> {
  const run = await invokeBundle('NotifierFunction', readEvent(`notifier/${name}.json`));
  const message = JSON.parse(run.published[0]!.message) as { lambda: string };
  return JSON.parse(message.lambda);
}

const names = (dir: string) => sampleEvents(dir).map((key) => basename(key, '.json'));
/** The chat delivery's samples that carry a notifier sample's notification (they share its name). */
const fromNotifier = names('chat-delivery').filter((name) => names('notifier').includes(name));

describe('ChatDeliveryFunction bundle (loopback endpoint and its chat platform stand-ins)', () => {
  it.each([
    ['pipeline-failed', ['ci', 'incidents'], ['TeamsWebhook ok', 'SlackWebhook ok']],
    [
      'codedeploy-failed',
      ['ci', 'incidents', 'ops'],
      ['TeamsWebhook ok', 'SlackWebhook ok', 'GoogleChatWebhook ok'],
    ],
    ['alarm-notifier-errors', ['ci', 'ops'], ['TeamsWebhook ok', 'GoogleChatWebhook ok']],
  ])('posts %s to the channels that take it, once each', async (name, channels, posted) => {
    const run = await invokeBundle(FN, readEvent(`chat-delivery/${name}.json`));

    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ delivered: channels });
    expect(posts(run).sort()).toEqual([...posted].sort());
    expect(run.posted.map((p) => JSON.parse(p.body) as object)).toHaveLength(posted.length);
  });

  it('has samples that carry what the notifier publishes', () => {
    expect(fromNotifier.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fromNotifier)(
    'renders %s as the notifier’s message for its sample of that name would render, on every platform',
    async (name) => {
      const event = readEvent<{ Records: [{ Sns: { Message: string } }] }>(`chat-delivery/${name}.json`);
      const rendered = (model: unknown) =>
        platforms.map(
          (platform) => fitBody(platform, outlineOf(readNotification(JSON.stringify(model)))).json,
        );

      expect(rendered(JSON.parse(event.Records[0].Sns.Message))).toEqual(rendered(await notifierModel(name)));
    },
  );

  it('waits for a 429’s Retry-After, then delivers', async () => {
    const started = Date.now();
    const run = await invokeBundle(FN, readEvent('chat-delivery/pipeline-failed.json'), {
      state: { faults: [{ operation: 'chat:SlackWebhook', error: 'rate_limited', status: 429, times: 1 }] },
    });

    expect(run.error).toBeUndefined();
    expect(posts(run).filter((p) => p.startsWith('Slack'))).toEqual([
      'SlackWebhook rate_limited',
      'SlackWebhook ok',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('retries a server error until the platform takes the message', async () => {
    const run = await invokeBundle(FN, readEvent('chat-delivery/pipeline-failed.json'), {
      state: { faults: [{ operation: 'chat:TeamsWebhook', error: 'BadGateway', status: 502, times: 2 }] },
    });

    expect(run.error).toBeUndefined();
    expect(posts(run).filter((p) => p.startsWith('Teams'))).toEqual([
      'TeamsWebhook BadGateway',
      'TeamsWebhook BadGateway',
      'TeamsWebhook ok',
    ]);
  });

  it('fails the invocation, naming the channel, when a platform refuses the message — after the others took it', async () => {
    const run = await invokeBundle(FN, readEvent('chat-delivery/pipeline-failed.json'), {
      state: { faults: [{ operation: 'chat:SlackWebhook', error: 'invalid_blocks', status: 400 }] },
    });

    expect(run.error).toMatchObject({
      errorType: 'ChatDeliveryError',
      errorMessage: expect.stringContaining(
        'channel incidents (Slack): answered 400 "invalid_blocks"; not retried',
      ),
    });
    expect(posts(run).sort()).toEqual(['SlackWebhook invalid_blocks', 'TeamsWebhook ok']);
  });

  it('fails the invocation before its deadline when a platform is too slow to answer', async () => {
    const run = await invokeBundle(FN, readEvent('chat-delivery/pipeline-failed.json'), {
      state: { faults: [{ operation: 'chat:TeamsWebhook', delayMs: 60_000 }] },
      timeoutSeconds: 6,
      env: { PIPEWRIGHT_REPORT_RESERVE_MS: '3000' },
    });

    expect(run.error?.errorType).toBe('ChatDeliveryError');
    expect(run.error?.errorMessage).toMatch(/channel ci \(Microsoft Teams\): timed out after \d+ ms/);
  });
});
