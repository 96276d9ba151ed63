import { readBody } from '../lib/http/body';
import { describeFetchError } from '../lib/http/fetch-errors';
import { describeText } from '../lib/http/json-path';
import { fetchFollowing } from '../lib/http/redirects';
import { currentScope } from '../lib/invocation';
import { redactWebhook } from './webhook-url';

/** What one post got: accepted, worth another try (and after how long, when the platform said), or neither. */
export interface PostAnswer {
  accepted: boolean;
  /** True for a 429, a 5xx, a 408, a timeout or a network error: another attempt may go through. */
  retryable: boolean;
  /** The platform's `Retry-After`, in milliseconds, when it sent one. */
  retryAfterMs?: number;
  /** `answered 404 "no_service"`, `connection refused (ECONNREFUSED)`: never the URL or a part of it. */
  detail: string;
}

/** Bytes of an answer kept to say why a post was refused (platforms answer a short code or JSON error). */
const ANSWER_BYTES = 2_048;

/**
 * A `Retry-After` value in milliseconds: delta-seconds (`30`) or an HTTP date; `undefined` when absent
 * or unreadable.
 *
 * @example
 * ```ts
 * retryAfterMs('30'); // 30000
 * ```
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1_000 : undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Posts a JSON body to a webhook once: `timeoutMs` for the whole attempt (answer included), aborted
 * with the current work scope, redirects not followed (a webhook answers where it is), at most
 * {@link ANSWER_BYTES} of the answer read. Never throws for an HTTP or network problem: the answer
 * says it, with every part of the URL redacted from what the platform answered.
 *
 * @example
 * ```ts
 * const answer = await postOnce(new URL(webhook), JSON.stringify(body), 10_000);
 * if (!answer.accepted) console.log(answer.detail); // 'answered 400 "invalid_blocks"'
 * ```
 */
export async function postOnce(url: URL, json: string, timeoutMs: number): Promise<PostAnswer> {
  const scope = currentScope();
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(scope ? [scope.signal] : [])]);
  const request = {
    method: 'POST' as const,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: json,
    followRedirects: 'none' as const,
  };
  let response: Response;
  let text: string;
  try {
    ({ response } = await fetchFollowing(url, request, signal));
    ({ text } = await readBody(response, ANSWER_BYTES));
  } catch (error) {
    if (scope?.signal.aborted) throw scope.signal.reason;
    return { accepted: false, retryable: true, detail: describeFetchError(error, timeoutMs) };
  }
  const { status } = response;
  const said = describeText(redactWebhook(text, url));
  if (status >= 200 && status < 300)
    return { accepted: true, retryable: false, detail: `answered ${status}` };
  const retryable = status === 408 || status === 429 || status >= 500;
  const wait = retryable ? retryAfterMs(response.headers.get('retry-after')) : undefined;
  const redirect = status >= 300 && status < 400 ? ' (a redirect: not followed)' : '';
  return { accepted: false, retryable, retryAfterMs: wait, detail: `answered ${status} ${said}${redirect}` };
}
