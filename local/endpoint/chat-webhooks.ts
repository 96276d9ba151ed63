import { rawResult } from './protocol';
import type { RawService } from './raw';
import { AwsError } from './world';

/** What each stand-in takes and answers, as its platform does. */
interface ChatPlatform {
  /** The call's operation name (`chat:SlackWebhook` in faults). */
  operation: string;
  label: string;
  /** The largest body it takes (bytes); larger is refused like the platform refuses it. */
  maxBytes: number;
  /** Why the body is not a message of the platform, or `undefined`. */
  problem(body: Record<string, unknown>): string | undefined;
  accepted: { status: number; contentType: string; body: (body: Record<string, unknown>) => string };
  /** The error answer's body (`error` is the fault's or the validation's code). */
  errorBody(code: string, message: string): { contentType: string; text: string };
}

const jsonError = (code: string, message: string) => ({
  contentType: 'application/json',
  text: JSON.stringify({ error: { code, message } }),
});

/** Slack answers an error as a short code in plain text (`invalid_payload`, `no_text`, `invalid_blocks`). */
const slack: ChatPlatform = {
  operation: 'SlackWebhook',
  label: 'Slack',
  maxBytes: Number.POSITIVE_INFINITY,
  problem(body) {
    const blocks =
      (body.attachments as { blocks?: unknown[] }[] | undefined)?.flatMap((a) => a.blocks ?? []) ?? [];
    if (typeof body.text !== 'string' && !Array.isArray(body.blocks) && blocks.length === 0) return 'no_text';
    return [...((body.blocks as unknown[]) ?? []), ...blocks].length > 50 ? 'invalid_blocks' : undefined;
  },
  accepted: { status: 200, contentType: 'text/html', body: () => 'ok' },
  errorBody: (code) => ({ contentType: 'text/plain', text: code }),
};

/** A Workflows (Power Automate) webhook: Adaptive Cards only, 202 Accepted. */
const teams: ChatPlatform = {
  operation: 'TeamsWebhook',
  label: 'Microsoft Teams',
  maxBytes: 28 * 1024,
  problem(body) {
    const attachment = (
      body.attachments as { contentType?: string; content?: { type?: string } }[] | undefined
    )?.[0];
    const card = attachment?.contentType === 'application/vnd.microsoft.card.adaptive';
    return body.type === 'message' && card && attachment?.content?.type === 'AdaptiveCard'
      ? undefined
      : 'InvalidTemplate';
  },
  accepted: { status: 202, contentType: 'text/plain', body: () => '' },
  errorBody: (code, message) => jsonError(code, message),
};

/** A Google Chat space webhook: text or cardsV2, at most 32,000 bytes; answers the message created. */
const googleChat: ChatPlatform = {
  operation: 'GoogleChatWebhook',
  label: 'Google Chat',
  maxBytes: 32_000,
  problem: (body) =>
    typeof body.text === 'string' || Array.isArray(body.cardsV2) ? undefined : 'INVALID_ARGUMENT',
  accepted: {
    status: 200,
    contentType: 'application/json',
    body: (body) =>
      JSON.stringify({ name: 'spaces/AAAApipewright/messages/local', thread: body.thread ?? {} }),
  },
  errorBody: (code, message) => jsonError(code, message),
};

const PLATFORMS: Record<string, ChatPlatform> = { slack, teams, 'google-chat': googleChat };
const WEBHOOK = /^\/webhooks\/([a-z-]+)\//;

/** The platform a request is for, from its path `/webhooks/<slack|teams|google-chat>/…`. */
const platformOf = (pathname: string) => PLATFORMS[WEBHOOK.exec(pathname)?.[1] ?? ''];

/**
 * Stand-ins for the chat platforms' webhooks, at `/webhooks/slack/…`, `/webhooks/teams/…` and
 * `/webhooks/google-chat/…` of the loopback endpoint (a seeded webhook URL reaches them as
 * `{{endpoint}}/webhooks/…`). Each takes a POST like its platform: a body of the right shape and size is
 * accepted (Slack `200 ok`, Teams `202`, Google Chat `200` and the message) and kept in `posted`;
 * anything else is refused with the platform's error (`400 no_text`, `413`…). Faults (`chat:SlackWebhook`
 * with `status` 429, 500… and `delayMs`) answer that status, a 429 with `Retry-After: 1`.
 *
 * @example
 * ```ts
 * const state = { faults: [{ operation: 'chat:SlackWebhook', error: 'rate_limited', status: 429, times: 1 }] };
 * ```
 */
export const chatWebhooks: RawService = {
  iam: 'chat',
  operations: Object.values(PLATFORMS).map((p) => p.operation),
  decode(request) {
    const platform = platformOf(request.url.pathname);
    if (!platform || request.method !== 'POST') return undefined;
    return {
      operation: platform.operation,
      iamOperations: [platform.operation],
      input: { bytes: request.body.length },
    };
  },
  run(decoded, request, res, call) {
    const platform = platformOf(request.url.pathname)!;
    if (request.body.length > platform.maxBytes) {
      throw new AwsError(
        'MessageTooLarge',
        `${platform.label} takes at most ${platform.maxBytes} bytes`,
        413,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AwsError('invalid_payload', 'the body is not JSON', 400);
    }
    const problem = body && typeof body === 'object' ? platform.problem(body) : 'invalid_payload';
    if (problem) throw new AwsError(problem, `not a ${platform.label} message`, 400);
    call.world.posted.push({ platform: platform.label, body: request.body.toString('utf8') });
    call.note(`${platform.label} (${request.body.length} bytes)`);
    const { status, contentType, body: answer } = platform.accepted;
    rawResult(res, status, { 'content-type': contentType }, answer(body));
  },
  error(res, error) {
    const path = new URL(res.req?.url ?? '/', 'http://127.0.0.1').pathname;
    const platform = platformOf(path) ?? slack;
    const { contentType, text } = platform.errorBody(error.code, error.message);
    const retry = error.status === 429 ? { 'retry-after': '1' } : {};
    res.writeHead(error.status, { 'content-type': contentType, ...retry }).end(text);
  },
};
