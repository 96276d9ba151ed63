import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A test HTTP server on 127.0.0.1 (a free port), answering every request with `respond`. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port><path>`. */
  url(path?: string): string;
  /** Requests received so far. */
  hits(): number;
  /** The underlying server (connection counts, ...). */
  server: Server;
  /** Closes open connections too, so no test leaves a handle behind. */
  close(): Promise<void>;
}

/**
 * Starts a loopback HTTP server for a test: the system under test calls it like a real endpoint.
 *
 * @example
 * ```ts
 * const health = await startLoopbackServer((_req, res) => res.writeHead(503).end('warming up'));
 * await probeHttp({ url: health.url('/health') });
 * await health.close();
 * ```
 */
export async function startLoopbackServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    respond(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '') => `http://127.0.0.1:${port}${path}`,
    hits: () => hits,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers 200 with `totalBytes` of `chunk` repeated, written as the client reads (backpressure), so a
 * client that stops reading stops the server too; `sent()` says how many bytes went out.
 *
 * @example
 * ```ts
 * let big: ReturnType<typeof streamBytes> | undefined;
 * const server = await startLoopbackServer((_req, res) => (big = streamBytes(res, 300 * 1_048_576)));
 * ```
 */
export function streamBytes(res: ServerResponse, totalBytes: number, chunk = Buffer.alloc(65_536, 'a')) {
  let sent = 0;
  res.writeHead(200, { 'content-type': 'text/plain' });
  const more = () => {
    while (sent < totalBytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end();
  };
  more();
  return { sent: () => sent };
}
