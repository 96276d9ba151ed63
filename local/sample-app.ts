import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running sample app. */
export interface SampleApp {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A tiny stand-in for the application a pipeline deploys, so that `npm run demo`'s http-check
 * success sample has something to check: `GET /health` answers `200 {"status":"ok"}`, anything
 * else `404`. Listens on 127.0.0.1 only.
 *
 * @example
 * ```ts
 * const app = await startSampleApp(8080); // rejects with EADDRINUSE when the port is taken
 * await app.close();
 * ```
 */
async function startSampleApp(port = 8080): Promise<SampleApp> {
  const server: Server = createServer((req, res) => {
    const health = req.url?.split('?')[0] === '/health';
    res
      .writeHead(health ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(health ? { status: 'ok' } : { message: 'Not Found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.keepAliveTimeout = 1_000;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Port of the sample app that events/pipeline-action/http-check.json checks. */
const SAMPLE_APP_PORT = 8080;

/** The address the http-check samples check (`http://127.0.0.1:8080`, also as `localhost`). */
const SAMPLE_APP_ORIGINS = [`http://127.0.0.1:${SAMPLE_APP_PORT}`, `http://localhost:${SAMPLE_APP_PORT}`];

/**
 * Starts the sample app on 127.0.0.1:8080 without a word: the app, or why it could not start
 * (`the port is taken`).
 *
 * @example
 * ```ts
 * const started = await startSampleAppQuietly(); // { app } or { why: 'the port is taken' }
 * ```
 */
export async function startSampleAppQuietly(): Promise<{ app: SampleApp } | { why: string }> {
  try {
    return { app: await startSampleApp(SAMPLE_APP_PORT) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { why: code === 'EADDRINUSE' ? 'the port is taken' : (code ?? (error as Error).message) };
  }
}

/** The one line saying the sample app is not there (`why`), so results of checks on it may differ. */
export const sampleAppMissing = (why: string) =>
  `Warning: sample app not started on 127.0.0.1:${SAMPLE_APP_PORT} (${why}): the http-check samples check whatever answers there, so their results may differ`;

/**
 * True when one of these requests (an invocation's `fetch` calls) went to the sample app's address.
 *
 * @example
 * ```ts
 * usedSampleApp([{ method: 'GET', url: 'http://127.0.0.1:8080/health', ms: 3 }]); // true
 * ```
 */
export function usedSampleApp(requests: readonly { url: string }[]): boolean {
  return requests.some((request) =>
    SAMPLE_APP_ORIGINS.some((origin) => request.url.startsWith(`${origin}/`)),
  );
}

/**
 * Starts the sample app on 127.0.0.1:8080 for `npm run demo`, printing one line saying so; when the
 * port is not available it prints one line saying why (the http-check samples then check whatever
 * answers there) and the run carries on without it.
 *
 * @example
 * ```ts
 * const app = await startSampleAppOrSay(console.log); // undefined when the port is taken
 * ```
 */
export async function startSampleAppOrSay(print: (line: string) => void): Promise<SampleApp | undefined> {
  const started = await startSampleAppQuietly();
  if ('why' in started) {
    print(sampleAppMissing(started.why));
    return undefined;
  }
  print(
    `Sample app: ${started.app.url}/health answers {"status":"ok"} (the http-check samples check it; http-check-failing.json targets a refused port)`,
  );
  return started.app;
}
