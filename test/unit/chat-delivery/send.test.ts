import type { IncomingMessage, ServerResponse } from 'node:http';
import { retryAfterMs } from '../../../functions/chat-delivery/post';
import { ChatDeliveryError, send, type SendTarget } from '../../../functions/chat-delivery/send';
import { runWithDeadline } from '../../../functions/lib/invocation';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';

/** A platform that answers each request with the next of `answers` (the last one repeats). */
type Answer = (req: IncomingMessage, res: ServerResponse) => void;
const status =
  (code: number, body = '', headers: Record<string, string> = {}): Answer =>
  (_req, res) =>
    res.writeHead(code, { 'content-type': 'text/plain', ...headers }).end(body);

let server: LoopbackServer;
const seen: { at: number; body: string; type?: string }[] = [];

async function platform(...answers: Answer[]): Promise<SendTarget> {
  let next = 0;
  server = await startLoopbackServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        at: Date.now(),
        body: Buffer.concat(chunks).toString(),
        type: req.headers['content-type'],
      });
      answers[Math.min(next++, answers.length - 1)]!(req, res);
    });
  });
  const url = new URL(server.url('/services/T0PIPEWRT/B0INCIDENTS/s3cr3tT0ken'));
  return { label: 'channel incidents (Slack)', url, webhook: url.href };
}

afterEach(async () => {
  seen.length = 0;
  await server?.close();
});

describe('posting to a webhook', () => {
  it('posts the body as JSON once when the platform accepts it', async () => {
    const target = await platform(status(200, 'ok'));

    const attempts = await send(target, '{"text":"hi"}');

    expect(attempts).toBe(1);
    expect(seen).toEqual([
      { at: expect.any(Number), body: '{"text":"hi"}', type: 'application/json; charset=utf-8' },
    ]);
  });

  it('waits as long as a 429’s Retry-After says, then posts again', async () => {
    const target = await platform(status(429, 'rate_limited', { 'retry-after': '2' }), status(200, 'ok'));

    expect(await send(target, '{}')).toBe(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1_950);
  });

  it('retries a 5xx, a 408 and a platform that does not answer in time, until it is accepted', async () => {
    const silent: Answer = () => undefined;
    const target = await platform(status(500), silent, status(408), status(202));

    expect(await send(target, '{}', { attemptTimeoutMs: 300, backoffMs: 10, attempts: 4 })).toBe(4);
    expect(seen).toHaveLength(4);
  });

  it('gives up after its attempts, naming the channel and the last answer — never the URL', async () => {
    const target = await platform(status(503, 'unavailable for /services/T0PIPEWRT/B0INCIDENTS/s3cr3tT0ken'));

    const sent = send(target, '{}', { attempts: 2, backoffMs: 10 });

    await expect(sent).rejects.toThrow(ChatDeliveryError);
    await expect(sent).rejects.toThrow(
      'channel incidents (Slack): answered 503 "unavailable for /***/***/***/***"; gave up after 2 attempts',
    );
    expect(seen).toHaveLength(2);
  });

  it.each([
    [400, 'invalid_blocks'],
    [403, 'action_prohibited'],
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ])('does not retry a %s (%s): the request or the webhook is wrong', async (code, said) => {
    const target = await platform(status(code, said));

    await expect(send(target, '{}')).rejects.toThrow(
      `channel incidents (Slack): answered ${code} "${said}"; not retried (the request or the webhook is wrong)`,
    );
    expect(seen).toHaveLength(1);
  });

  it('does not follow a redirect: a webhook answers where it is', async () => {
    const target = await platform(status(302, '', { location: 'https://elsewhere.example/' }));

    await expect(send(target, '{}')).rejects.toThrow(
      /answered 302 empty \(a redirect: not followed\); not retried/,
    );
  });

  it('gives up at once when the platform asks to wait longer than the time left: Lambda retries the invocation', async () => {
    const target = await platform(status(429, 'rate_limited', { 'retry-after': '30' }));

    const sent = runWithDeadline(5_000, () => send(target, '{}'));

    await expect(sent).rejects.toThrow(
      /answered 429 "rate_limited"; the next attempt \(in 30 s\) would not finish in the time left/,
    );
    expect(seen).toHaveLength(1);
  });

  it('says why a post got no answer, without the URL', async () => {
    const target = await platform(status(200));
    await server.close();

    await expect(send(target, '{}', { attempts: 1 })).rejects.toThrow(
      'channel incidents (Slack): connection refused (ECONNREFUSED); gave up after 1 attempt',
    );
  });

  it('spaces posts to one webhook a second apart, concurrent ones included', async () => {
    const target = await platform(status(200, 'ok'));

    await Promise.all([send(target, '1'), send(target, '2'), send(target, '3')]);

    const at = seen.map((s) => s.at).sort((a, b) => a - b);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(950);
  });

  it('takes the spacing from PIPEWRIGHT_CHAT_POST_INTERVAL_MS', async () => {
    process.env.PIPEWRIGHT_CHAT_POST_INTERVAL_MS = '0';
    const target = await platform(status(200, 'ok'));

    const started = Date.now();
    await Promise.all([send(target, '1'), send(target, '2'), send(target, '3')]);

    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-05-12T10:00:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 12 May 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Tue, 12 May 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('reads nothing from an absent or unreadable value (the backoff applies)', () => {
    expect([null, '', 'soon', '-5'].map((value) => retryAfterMs(value, now))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
