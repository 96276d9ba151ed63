import { currentScope } from './invocation';
import { truncate } from './text';

/** What an HTTP endpoint must answer to count as healthy (user input is parsed with `httpExpectation` of `http-expectation.ts`). */
export interface HttpExpectation {
  url: string;
  /** HTTP method (default: `GET`). */
  method?: string;
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body, for POST/PUT. */
  body?: string;
  /** Accepted status codes (default: any 2xx). */
  expectStatus?: number[];
  /** Text the response body must contain. */
  expectBodyContains?: string;
  /** A dot path into the JSON body (`status`, `checks.0.state`) and the value it must have. */
  expectJson?: { path: string; equals: string | number | boolean | null };
  /** Per-attempt timeout (default: 10000 ms). */
  timeoutMs?: number;
}

/** The outcome of one HTTP attempt. */
export interface HttpProbeResult {
  ok: boolean;
  /** Status code, when a response arrived. */
  status?: number;
  /** Milliseconds the attempt took. */
  durationMs: number;
  /** One line saying what was seen and, on failure, what was expected. */
  detail: string;
}

/**
 * Makes one HTTP request and judges the answer against an expectation. Never throws for HTTP or
 * network problems: they come back as `ok: false` with a detail line (the last one is what a failure
 * report shows). Aborts with the current work scope.
 *
 * @example
 * ```ts
 * const r = await probeHttp({ url: 'https://api.example.com/health', expectJson: { path: 'status', equals: 'ok' } });
 * if (!r.ok) logger.error(r.detail); // e.g. "GET https://api.example.com/health: expected status 2xx, got 503"
 * ```
 */
export async function probeHttp(expectation: HttpExpectation): Promise<HttpProbeResult> {
  const started = Date.now();
  const signals = [AbortSignal.timeout(expectation.timeoutMs ?? 10_000)];
  const scope = currentScope();
  if (scope) signals.push(scope.signal);
  const label = `${expectation.method ?? 'GET'} ${expectation.url}`;
  let response: Response;
  let body: string;
  try {
    response = await fetch(expectation.url, {
      method: expectation.method ?? 'GET',
      headers: expectation.headers,
      body: expectation.body,
      redirect: 'follow',
      signal: AbortSignal.any(signals),
    });
    body = await response.text();
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `timed out after ${expectation.timeoutMs ?? 10_000} ms`
        : describeFetchError(error);
    return { ok: false, durationMs: Date.now() - started, detail: `${label}: ${reason}` };
  }
  const durationMs = Date.now() - started;
  const status = response.status;
  const statusOk = expectation.expectStatus
    ? expectation.expectStatus.includes(status)
    : status >= 200 && status < 300;
  if (!statusOk) {
    const wanted = expectation.expectStatus ? expectation.expectStatus.join(' or ') : '2xx';
    return {
      ok: false,
      status,
      durationMs,
      detail: `${label}: expected status ${wanted}, got ${status} (body: ${snippet(body)})`,
    };
  }
  if (expectation.expectBodyContains !== undefined && !body.includes(expectation.expectBodyContains)) {
    return {
      ok: false,
      status,
      durationMs,
      detail: `${label}: body does not contain "${expectation.expectBodyContains}" (body: ${snippet(body)})`,
    };
  }
  if (expectation.expectJson) {
    const { path, equals } = expectation.expectJson;
    const seen = readJsonPath(body, path);
    if (!seen.found || seen.value !== equals) {
      const got = seen.found ? JSON.stringify(seen.value) : seen.reason;
      return {
        ok: false,
        status,
        durationMs,
        detail: `${label}: expected JSON ${path} = ${JSON.stringify(equals)}, got ${got}`,
      };
    }
  }
  return { ok: true, status, durationMs, detail: `${label}: ${status} in ${durationMs} ms` };
}

function snippet(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  return oneLine ? `"${truncate(oneLine, 200)}"` : 'empty';
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  const message = (error as Error).message ?? String(error);
  return cause?.message ? `${message}: ${cause.message}` : message;
}

/** Reads a dot path (`a.b.0.c`) from a JSON text. */
export function readJsonPath(
  text: string,
  path: string,
): { found: true; value: unknown } | { found: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { found: false, reason: `a body that is not JSON (${snippet(text)})` };
  }
  for (const key of path.split('.').filter(Boolean)) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      return { found: false, reason: `no field "${path}"` };
    }
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}
