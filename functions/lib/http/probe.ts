import { ConfigurationError } from '../errors';
import { currentScope } from '../invocation';
import { readBody } from './body';
import { DEFAULT_MAX_BODY_BYTES, type HttpExpectation } from './expectation';
import { describeFetchError } from './fetch-errors';
import { headersProblem } from './headers';
import { checkJsonExpectation, describeText } from './json-path';
import { fetchFollowing } from './redirects';
import { targetProblem, urlLabel } from './target';
import { formatCap } from '../text';

/** An expectation plus the attempt's timeout. */
export type HttpProbeRequest = HttpExpectation & {
  /** Per-attempt timeout, body included (default: 10000 ms). */
  timeoutMs?: number;
  /**
   * The URL was read from an input artifact (whoever shapes the build output chooses it): loopback
   * hosts — the Lambda Runtime API at 127.0.0.1:9001, `localhost` — are refused for it and every
   * redirect unless `allowedHosts` names them (default: false).
   */
  urlFromArtifact?: boolean;
};

/** The outcome of one HTTP attempt. */
export interface HttpProbeResult {
  ok: boolean;
  /** Status code, when a response arrived. */
  status?: number;
  /** Milliseconds the attempt took. */
  durationMs: number;
  /**
   * One line saying what was seen and, on failure, what was expected. URLs in it are origin and path
   * only, error texts are fixed phrases, header values are never quoted.
   */
  detail: string;
}

/**
 * Makes one HTTP request and judges the answer against an expectation. Never throws for HTTP or
 * network problems: they come back as `ok: false` with a detail line (the last one is what a failure
 * report shows). Throws a ConfigurationError for a request no attempt can make (a blocked host, an
 * invalid header). Aborts with the current work scope. The body is read up to `maxBodyBytes`
 * (default: 1 MiB), and redirects are followed by `followRedirects` (default: `same-origin`).
 *
 * @example
 * ```ts
 * const r = await probeHttp({ url: 'https://api.example.com/health', expectJson: { path: 'status', equals: 'ok' } });
 * if (!r.ok) console.log(r.detail); // 'GET https://api.example.com/health: expected JSON status = "ok", got "starting"'
 * ```
 */
export async function probeHttp(request: HttpProbeRequest): Promise<HttpProbeResult> {
  const started = Date.now();
  const timeoutMs = request.timeoutMs ?? 10_000;
  const url = new URL(request.url);
  const label = `${request.method ?? 'GET'} ${urlLabel(url)}`;
  const badHeaders = request.headers && headersProblem(request.headers);
  if (badHeaders) throw new ConfigurationError(`${label}: ${badHeaders}`);
  const scope = currentScope();
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(scope ? [scope.signal] : [])]);
  const maxBytes = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let answer: Awaited<ReturnType<typeof fetchFollowing>>;
  let body: Awaited<ReturnType<typeof readBody>>;
  try {
    const blocked = await targetProblem(url, request.allowedHosts, {
      signal,
      blockLoopback: request.urlFromArtifact ? 'a URL read from an input artifact' : undefined,
    });
    if (blocked) throw new ConfigurationError(`${label}: ${blocked}`);
    answer = await fetchFollowing(url, request, signal);
    body = await readBody(answer.response, maxBytes);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    if (scope?.signal.aborted) throw scope.signal.reason;
    const detail = `${label}: ${describeFetchError(error, timeoutMs)}`;
    return { ok: false, durationMs: Date.now() - started, detail };
  }
  const durationMs = Date.now() - started;
  const status = answer.response.status;
  const notes = [
    ...(answer.hops.length ? [`redirected to ${urlLabel(answer.hops.at(-1)!)}`] : []),
    ...(body.cut ? [`body cut at ${formatCap(maxBytes)}`] : []),
  ];
  const problem = judge(request, status, body.text, answer.notFollowed);
  const suffix = notes.length ? ` (${notes.join('; ')})` : '';
  if (problem) return { ok: false, status, durationMs, detail: `${label}: ${problem}${suffix}` };
  return { ok: true, status, durationMs, detail: `${label}: ${status} in ${durationMs} ms${suffix}` };
}

/** What is wrong with the answer, or `undefined` when it meets every expectation. */
function judge(request: HttpExpectation, status: number, text: string, notFollowed?: string) {
  const statusOk = request.expectStatus
    ? request.expectStatus.includes(status)
    : status >= 200 && status < 300;
  if (!statusOk) {
    const wanted = request.expectStatus ? request.expectStatus.join(' or ') : '2xx';
    const redirect = notFollowed ? `; ${notFollowed}` : '';
    return `expected status ${wanted}, got ${status} (body: ${describeText(text)})${redirect}`;
  }
  if (request.expectBodyContains !== undefined && !text.includes(request.expectBodyContains)) {
    return `body does not contain ${JSON.stringify(request.expectBodyContains)} (body: ${describeText(text)})`;
  }
  return request.expectJson && checkJsonExpectation(text, request.expectJson);
}
