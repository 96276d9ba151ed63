import { subscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/** One HTTP request a function made with `fetch` (an http-check, a deploy-hook HTTP check), as the runner lists it. */
export interface HttpRequestRecord {
  method: string;
  url: string;
  /** Response status, when one came. */
  status?: number;
  /** Why no response came (`ECONNREFUSED`, `aborted`…). */
  error?: string;
  ms: number;
}

interface UndiciRequest {
  origin?: string | URL;
  path?: string;
  method?: string;
}

/**
 * Records every `fetch` request of this process through undici's diagnostics channels (the AWS SDK
 * uses node:http, so its calls — listed by the endpoint — are not repeated here). Returns `take()`,
 * which hands over and clears what was recorded since the last call.
 *
 * @example
 * ```ts
 * const take = recordFetchRequests();
 * await fetch('http://127.0.0.1:8080/health');
 * take(); // [{ method: 'GET', url: 'http://127.0.0.1:8080/health', status: 200, ms: 4 }]
 * ```
 */
export function recordFetchRequests(): () => HttpRequestRecord[] {
  let records: HttpRequestRecord[] = [];
  const open = new WeakMap<object, { record: HttpRequestRecord; started: number }>();
  const finish = (request: object, update: Partial<HttpRequestRecord>) => {
    const entry = open.get(request);
    if (!entry) return;
    open.delete(request);
    Object.assign(entry.record, update, { ms: Math.round(performance.now() - entry.started) });
  };
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: UndiciRequest };
    const record: HttpRequestRecord = {
      method: request.method ?? 'GET',
      url: `${String(request.origin ?? '')}${request.path ?? ''}`,
      ms: 0,
    };
    records.push(record);
    open.set(request, { record, started: performance.now() });
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    finish(request, { status: response.statusCode });
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: object; error: NodeJS.ErrnoException };
    finish(request, { error: error.code ?? error.name ?? error.message });
  });
  return () => {
    const taken = records;
    records = [];
    return taken;
  };
}

/**
 * One line per request: `GET http://127.0.0.1:8080/health → 200 (4 ms)`.
 *
 * @example
 * ```ts
 * formatHttpRequest({ method: 'GET', url: 'http://127.0.0.1:8080/health', status: 200, ms: 4 });
 * ```
 */
export function formatHttpRequest(request: HttpRequestRecord): string {
  const answer = request.status !== undefined ? String(request.status) : (request.error ?? 'no answer');
  return `${request.method} ${request.url} → ${answer} (${request.ms} ms)`;
}
