import { isLinkLocal, isLoopbackHost, unbracket } from '../lib/http/addresses';

/**
 * What is wrong with a webhook URL, or `undefined` when one can post to it: an absolute http(s) URL,
 * https unless its host is loopback (a local stand-in), without `user:password@`, never a link-local
 * address (instance metadata, credentials) and, in Lambda itself (not `sam local`), never loopback:
 * the Lambda Runtime API listens there. The message never quotes the URL: a webhook URL is a credential.
 *
 * @example
 * ```ts
 * webhookUrlProblem('http://hooks.slack.com/services/T0/B0/x'); // 'must use https (http only for a loopback host such as 127.0.0.1)'
 * ```
 */
export function webhookUrlProblem(raw: string): string | undefined {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return `is not an https URL (${raw.length} characters, not shown)`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url)) {
    return 'must use https (http only for a loopback host such as 127.0.0.1)';
  }
  if (url.username || url.password) return 'must not carry credentials (user:password@)';
  if (isLinkLocal(unbracket(url.hostname))) {
    return 'must not be a link-local address (instance metadata, credentials)';
  }
  if (isLoopbackHost(url) && process.env.AWS_LAMBDA_RUNTIME_API && process.env.AWS_SAM_LOCAL !== 'true') {
    return 'must not be a loopback host in Lambda (the Lambda Runtime API listens there)';
  }
  return undefined;
}

/** Pieces of a webhook URL shorter than this are not secrets on their own (`services`, `v1`). */
const MIN_SECRET_CHARS = 6;

/**
 * `text` with every secret part of `url` replaced by `***`: the URL itself, each path segment and each
 * query value of {@link MIN_SECRET_CHARS} characters or more (a Slack token is a path segment, a Teams
 * or Google Chat one a query value), raw or percent-encoded. For texts a platform answered, which may
 * echo the request.
 *
 * @example
 * ```ts
 * redactWebhook('token XYZsecret rejected', new URL('https://hooks.slack.com/services/T0/B0/XYZsecret'));
 * // 'token *** rejected'
 * ```
 */
export function redactWebhook(text: string, url: URL): string {
  const pieces = [
    url.href,
    ...url.pathname.split('/'),
    ...[...url.searchParams.values()],
    ...url.search
      .slice(1)
      .split('&')
      .map((pair) => pair.slice(pair.indexOf('=') + 1)),
  ].flatMap((piece) => [piece, encodeURIComponent(piece)]);
  const secrets = [...new Set(pieces.filter((piece) => piece.length >= MIN_SECRET_CHARS))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}
