import type { HttpExpectation } from './expectation';
import { targetProblem, urlLabel } from './target';

/** The most redirects one attempt follows. */
const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The answer an attempt judges: the last response, where it came from, and a redirect it did not follow. */
export interface FetchedAnswer {
  response: Response;
  /** URLs redirected to, in order (empty when the first answer was not a followed redirect). */
  hops: URL[];
  /** Why the redirect this response asks for was not followed (the 3xx response is then judged). */
  notFollowed?: string;
}

type Request = Pick<HttpExpectation, 'method' | 'headers' | 'body' | 'followRedirects' | 'allowedHosts'>;

/**
 * Sends the request with `redirect: 'manual'` and follows redirects itself, by `followRedirects`
 * (default: `same-origin`), at most {@link MAX_REDIRECTS} hops: headers go to the first URL's origin
 * only; a 303 (and a 301/302 after a POST) continues as a GET without body, as browsers do. A
 * redirect to a URL the check may not call ({@link targetProblem}) is not followed; the first URL is
 * the caller's to check.
 *
 * @example
 * ```ts
 * const { response, notFollowed } = await fetchFollowing(new URL('https://api.example.com/health'), {}, signal);
 * ```
 */
export async function fetchFollowing(
  start: URL,
  request: Request,
  signal: AbortSignal,
): Promise<FetchedAnswer> {
  const policy = request.followRedirects ?? 'same-origin';
  const hops: URL[] = [];
  let url = start;
  let method = request.method ?? 'GET';
  let body = request.body;
  for (;;) {
    const response = await fetch(url, {
      method,
      headers: url.origin === start.origin ? request.headers : undefined,
      body,
      redirect: 'manual',
      signal,
    });
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return { response, hops };
    const next = httpUrlOf(location, url);
    const refusal = next
      ? await refuse(next, { start, policy, hops: hops.length, allowed: request.allowedHosts, signal })
      : 'its Location is not an http(s) URL';
    if (refusal) {
      const to = next ? ` to ${urlLabel(next)}` : '';
      return { response, hops, notFollowed: `a redirect${to} not followed: ${refusal}` };
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 303 ? method !== 'HEAD' : response.status <= 302 && method === 'POST') {
      method = 'GET';
      body = undefined;
    }
    hops.push(next!);
    url = next!;
  }
}

async function refuse(
  next: URL,
  at: { start: URL; policy: string; hops: number; allowed?: readonly string[]; signal: AbortSignal },
): Promise<string | undefined> {
  if (next.username || next.password) return 'it carries credentials (user:password@)';
  if (at.policy === 'none') return 'followRedirects is "none"';
  if (at.policy === 'same-origin' && next.origin !== at.start.origin) {
    return 'another origin, and followRedirects is "same-origin" (set "any" to follow it without the headers)';
  }
  if (at.hops >= MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
  return targetProblem(next, at.allowed, at.signal);
}

/** `location` resolved against `base`, when that is an http(s) URL. */
function httpUrlOf(location: string, base: URL): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
