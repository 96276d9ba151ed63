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
export async function startSampleApp(port = 8080): Promise<SampleApp> {
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
export const SAMPLE_APP_PORT = 8080;

/**
 * `npm run demo` only: starts the sample app on 127.0.0.1:8080 and prints one line saying so; when
 * the port is not available it prints one line saying why and the demo carries on without it.
 */
export async function startDemoSampleApp(print: (line: string) => void): Promise<SampleApp | undefined> {
  try {
    const app = await startSampleApp(SAMPLE_APP_PORT);
    print(
      `Sample app: ${app.url}/health answers {"status":"ok"} (the http-check samples check it; http-check-failing.json targets a refused port)`,
    );
    return app;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is taken' : (code ?? (error as Error).message);
    print(
      `Sample app not started on 127.0.0.1:${SAMPLE_APP_PORT} (${why}); the http-check.json sample checks whatever answers there`,
    );
    return undefined;
  }
}
