import { PipewrightError } from '../lib/errors';
import { remainingWorkMs } from '../lib/invocation';
import { logger } from '../lib/observability';
import { countText } from '../lib/text';
import { postOnce } from './post';
import { holdOff, waitForSlot } from './rate-limit';

/**
 * A message could not be delivered to a channel; the message names the channel, never its URL.
 *
 * @example
 * ```ts
 * throw new ChatDeliveryError('channel incidents (Slack): answered 404 "no_service"; not retried');
 * ```
 */
export class ChatDeliveryError extends PipewrightError {
  override name = 'ChatDeliveryError';
}

/** Options of {@link send} (defaults suit a Lambda of a minute). */
export interface SendOptions {
  /** Attempts in all, the first included (default: 4). */
  attempts?: number;
  /** Longest one attempt may take, answer included (default: 10000 ms). */
  attemptTimeoutMs?: number;
  /** First wait after a retryable failure without `Retry-After`; doubled each time (default: 1000 ms). */
  backoffMs?: number;
}

/** Time kept after an attempt's timeout so that a failure is still reported within the work's budget. */
const MARGIN_MS = 250;
/** The least time an attempt is worth making with (a webhook answers in well under a second). */
const MIN_ATTEMPT_MS = 2_000;

/** Where a post goes, as errors and logs name it: `channel incidents (Slack)`. */
export interface SendTarget {
  /** The channel's name and platform: what every message says instead of the URL. */
  label: string;
  /** The URL to post to (a credential). */
  url: URL;
  /** The webhook it belongs to, for the rate limit (a credential). */
  webhook: string;
}

/**
 * Posts a body to a webhook until it is accepted: within the webhook's rate limit, retrying a 429, a
 * 5xx, a timeout or a network error after the platform's `Retry-After` or with exponential backoff
 * (1 s, 2 s, 4 s...), never retrying another answer (a 400 or a 404 says the request or the webhook is
 * wrong). Gives up — with a {@link ChatDeliveryError} naming the channel and the last answer — when the
 * attempts are spent or the next one cannot finish within the current work's time.
 *
 * @example
 * ```ts
 * const attempts = await send({ label: 'channel incidents (Slack)', url, webhook: url.href }, json);
 * ```
 */
export async function send(target: SendTarget, json: string, options: SendOptions = {}): Promise<number> {
  const attempts = options.attempts ?? 4;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  let backoff = options.backoffMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    await waitForSlot(target.webhook);
    const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, remainingWorkMs() - MARGIN_MS));
    const answer = await postOnce(target.url, json, timeoutMs);
    if (answer.accepted) return attempt;
    const said = `${target.label}: ${answer.detail}`;
    if (!answer.retryable)
      throw new ChatDeliveryError(`${said}; not retried (the request or the webhook is wrong)`);
    if (attempt >= attempts)
      throw new ChatDeliveryError(`${said}; gave up after ${countText(attempt, 'attempt')}`);
    const wait = answer.retryAfterMs ?? backoff;
    backoff *= 2;
    if (wait + MIN_ATTEMPT_MS > remainingWorkMs()) {
      throw new ChatDeliveryError(
        `${said}; the next attempt (in ${Math.ceil(wait / 1_000)} s) would not finish in the time left, so Lambda retries the invocation`,
      );
    }
    holdOff(target.webhook, wait);
    logger.warn('Chat post not accepted; retrying', {
      target: target.label,
      detail: answer.detail,
      waitMs: wait,
      attempt,
    });
  }
}
