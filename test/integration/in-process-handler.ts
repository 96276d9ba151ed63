import { Readable } from 'node:stream';
import { answerInProcess } from '../../local/endpoint/in-process';
import type { World } from '../../local/endpoint/world';

/** The parts of the SDK's HTTP request this handler reads. */
interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

function bytes(body: unknown): Buffer {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return Buffer.from(typeof body === 'string' ? body : '');
}

function search(query: SdkRequest['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item ?? '');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * An SDK client `requestHandler` that answers every request on `world` in this process, through the
 * loopback endpoint's own code path (the client's protocol serializes and parses as over the wire;
 * only the socket is left out).
 *
 * @example
 * ```ts
 * const world = new World(state, 'eu-west-1');
 * const client = new CodeDeployClient({ endpoint: 'http://127.0.0.1', requestHandler: inProcessHandler(world) });
 * await client.send(new GetDeploymentCommand({ deploymentId: 'd-OK' }));
 * ```
 */
export function inProcessHandler(world: World) {
  return {
    async handle(request: SdkRequest) {
      const answer = answerInProcess(world, {
        method: request.method,
        url: new URL(`${request.path}${search(request.query)}`, 'http://127.0.0.1'),
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
        ),
        body: bytes(request.body),
      });
      const body = Readable.from([answer.body]);
      return { response: { statusCode: answer.status, headers: answer.headers, body } };
    },
  };
}
