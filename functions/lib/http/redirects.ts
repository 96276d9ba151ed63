import type { HttpExpectation } from './expectation';
import { isLoopbackHost } from './addresses';
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

type Request = Pick<HttpExpectation, 'method' | 'headers' | 'body' | 'followRedirects' | 'allowedHosts'> & {
  /** The first URL was read from an input artifact: no hop may go to loopback (default: false). */
  urlFromArtifact?: boolean;
};

/**
 * Sends the request with `redirect: 'manual'` and follows redirects itself, by `followRedirects`
 * (default: `same-origin`), at most {@link MAX_REDIRECTS} hops: the headers and the body go to the
 * first URL's origin only (a 307/308 to another origin repeats the method without them); a 303 (and a
 * 301/302 after a POST) continues as a GET without body, as browsers do. A redirect to a URL the check
 * may not call ({@link targetProblem}) is not followed — loopback included when the first URL came from
 * an artifact, or when the hop leaves an origin that is not loopback itself (whoever answers there
 * must not steer the check to the Lambda Runtime API). The first URL is the caller's to check.
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
    const home = url.origin === start.origin;
    const response = await fetch(url, {
      method,
      headers: home ? request.headers : undefined,
      body: home ? body : undefined,
      redirect: 'manual',
      signal,
    });
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return { response, hops };
    const next = httpUrlOf(location, url);
    const refusal = next
      ? await refuse(next, {
          start,
          policy,
          hops: hops.length,
          allowed: request.allowedHosts,
          signal,
          blockLoopback: loopbackRefusal(start, next, request.urlFromArtifact),
        })
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

/** Why a hop to `next` may not go to loopback (see {@link fetchFollowing}), or `undefined`. */
function loopbackRefusal(start: URL, next: URL, urlFromArtifact = false): string | undefined {
  if (urlFromArtifact) return 'a URL read from an input artifact (and its redirects)';
  if (next.origin !== start.origin && !isLoopbackHost(start))
    return 'a redirect from a host that is not loopback';
  return undefined;
}

async function refuse(
  next: URL,
  at: {
    start: URL;
    policy: string;
    hops: number;
    allowed?: readonly string[];
    signal: AbortSignal;
    blockLoopback?: string;
  },
): Promise<string | undefined> {
  if (next.username || next.password) return 'it carries credentials (user:password@)';
  if (at.policy === 'none') return 'followRedirects is "none"';
  if (at.policy === 'same-origin' && next.origin !== at.start.origin) {
    return 'another origin, and followRedirects is "same-origin" (set "any" to follow it without the headers and body)';
  }
  if (at.hops >= MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
  return targetProblem(next, at.allowed, { signal: at.signal, blockLoopback: at.blockLoopback });
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
