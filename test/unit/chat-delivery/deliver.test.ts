import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { deliverEvent } from '../../../functions/chat-delivery/deliver';
import { UnsupportedEventError } from '../../../functions/lib/errors';
import { logger } from '../../../functions/lib/observability';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';
import { answerChannels, channel, sampleEvent, ssm } from './fixtures';

/** A chat platform stand-in: answers `status`, and keeps what was posted to it. */
interface StandIn {
  server: LoopbackServer;
  posts: unknown[];
  status: number;
}
const standIns: StandIn[] = [];

async function standIn(status = 200, respond?: (req: IncomingMessage, res: ServerResponse) => void) {
  const platform: StandIn = { posts: [], status, server: undefined as unknown as LoopbackServer };
  platform.server = await startLoopbackServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      platform.posts.push(JSON.parse(Buffer.concat(chunks).toString()));
      if (respond) respond(req, res);
      else res.writeHead(platform.status).end(platform.status < 300 ? 'ok' : 'no_service');
    });
  });
  standIns.push(platform);
  return platform;
}

const webhook = (p: StandIn, token: string) => p.server.url(`/services/T0/B0/${token}`);
const lambda = (ms = 30_000) => {
  const deadline = Date.now() + ms;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
};
/** A sample SNS event with a message id of its own (what this environment delivered is remembered by id). */
const event = (name: string, messageId = `${name}-${Math.random()}`) => {
  const sample = sampleEvent(name);
  sample.Records[0].Sns.MessageId = messageId;
  return sample;
};

let parameters: ReturnType<typeof channel> = [];
beforeEach(() => answerChannels(() => parameters));
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((p) => p.server.close()));
});

describe('chat delivery (SNS → channels)', () => {
  it('posts a notification to every channel that takes it, each in its platform’s format', async () => {
    const [slack, teams, google] = [await standIn(), await standIn(202), await standIn()];
    parameters = [
      ...channel('incidents', {
        type: 'slack',
        'webhook-url': webhook(slack, 'a1b2c3d4e5'),
        severities: 'critical',
      }),
      ...channel('ci', { type: 'teams', 'webhook-url': webhook(teams, 'f6g7h8i9j0') }),
      ...channel('ops', {
        type: 'google-chat',
        'webhook-url': webhook(google, 'k1l2m3n4o5'),
        sources: 'codedeploy',
      }),
    ];

    const result = await deliverEvent(event('pipeline-failed'), lambda());

    expect(result).toEqual({ delivered: ['ci', 'incidents'] });
    expect(slack.posts).toEqual([
      expect.objectContaining({ text: '[FAILED] pipewright-prod: Deploy / DeployApiCanary' }),
    ]);
    expect(teams.posts).toEqual([expect.objectContaining({ type: 'message' })]);
    expect(google.posts).toEqual([]);
  });

  it('posts nothing, and says why, when no channel is configured (the default install)', async () => {
    parameters = [];

    expect(await deliverEvent(event('pipeline-failed'), lambda())).toEqual({
      delivered: [],
      reason: 'no-channels',
    });
  });

  it('posts nothing, and says why, when no channel takes the notification', async () => {
    const slack = await standIn();
    parameters = channel('incidents', {
      type: 'slack',
      'webhook-url': webhook(slack, 'a1b2c3d4e5'),
      severities: 'critical',
    });

    const result = await deliverEvent(event('pipeline-recovered'), lambda());

    expect(result).toEqual({ delivered: [], reason: 'not-for-any-channel' });
    expect(slack.posts).toEqual([]);
  });

  it('fails the invocation when a channel refuses the message, after the others took it — and a retry posts to that one only', async () => {
    const [good, gone] = [await standIn(), await standIn(404)];
    parameters = [
      ...channel('ci', { type: 'slack', 'webhook-url': webhook(good, 'a1b2c3d4e5') }),
      ...channel('old', { type: 'slack', 'webhook-url': webhook(gone, 'f6g7h8i9j0') }),
    ];
    const failed = event('pipeline-failed', 'retried-message');

    await expect(deliverEvent(failed, lambda())).rejects.toThrow(
      'Chat delivery incomplete: channel old (Slack): answered 404 "no_service"; not retried (the request or the webhook is wrong)',
    );
    gone.status = 200;
    const retried = await deliverEvent(failed, lambda());

    expect(retried).toEqual({ delivered: ['ci', 'old'] });
    expect(good.posts).toHaveLength(1);
    expect(gone.posts).toHaveLength(2);
  });

  it('fails the invocation while a channel is broken, after delivering to the channels that work', async () => {
    const slack = await standIn();
    parameters = [
      ...channel('ci', { type: 'slack', 'webhook-url': webhook(slack, 'a1b2c3d4e5') }),
      ...channel('half-done', { type: 'teams' }),
    ];

    await expect(deliverEvent(event('pipeline-failed'), lambda())).rejects.toThrow(
      '/pipewright/test/notifier/channels/half-done/webhook-url: is missing; the channel gets nothing until it is fixed',
    );
    expect(slack.posts).toHaveLength(1);
  });

  it('fails the invocation for a topic message it cannot read, and for an event that is not from SNS', async () => {
    parameters = [];

    await expect(deliverEvent(event('not-a-notification'), lambda())).rejects.toThrow(UnsupportedEventError);
    await expect(deliverEvent({ hello: 'world' }, lambda())).rejects.toThrow(UnsupportedEventError);
  });

  it('fails the invocation when the channels cannot be read, so that Lambda retries it', async () => {
    ssm
      .on(GetParametersByPathCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(deliverEvent(event('pipeline-failed'), lambda())).rejects.toThrow(/Rate exceeded/);
  });

  it('ends before the Lambda deadline when a platform does not answer', async () => {
    const silent = await standIn(200, () => undefined);
    parameters = channel('ci', { type: 'slack', 'webhook-url': webhook(silent, 'a1b2c3d4e5') });
    const started = Date.now();

    await expect(deliverEvent(event('pipeline-failed'), lambda(2_500))).rejects.toThrow(
      /channel ci \(Slack\): timed out after \d+ ms; the next attempt .* would not finish in the time left, so Lambda retries the invocation/,
    );
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('logs and reports channel names, never a webhook URL', async () => {
    const [good, gone] = [await standIn(), await standIn(410)];
    parameters = [
      ...channel('ci', { type: 'slack', 'webhook-url': webhook(good, 'S3cr3tT0kenGood') }),
      ...channel('old', { type: 'google-chat', 'webhook-url': webhook(gone, 'S3cr3tT0kenGone') }),
    ];
    const lines: unknown[] = [];
    for (const level of ['info', 'warn', 'error'] as const) {
      jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => void lines.push(args));
    }

    const error = await deliverEvent(event('pipeline-failed'), lambda()).catch((e: Error) => e);

    const said = JSON.stringify([lines, String(error)]);
    expect(said).toContain('channel old (Google Chat)');
    expect(said).toContain('"channel":"ci"');
    expect(said).not.toMatch(/S3cr3tT0ken|127\.0\.0\.1/);
  });
});
