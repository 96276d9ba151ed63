import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RawRequest } from './raw';
import { answer } from './server';
import type { World } from './world';

/** An answer of the endpoint taken without a socket. */
export interface CapturedAnswer {
  status: number;
  /** Header names in lower case, as a client reads them. */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Answers `request` on `world` in this process: the same code path as the loopback server (operations,
 * fault injection, call record), but the answer is captured instead of written to a socket. For unit
 * tests whose AWS client mocks delegate to the endpoint.
 *
 * @example
 * ```ts
 * const world = new World(loadState(), 'eu-west-1');
 * const { status, body } = answerInProcess(world, {
 *   method: 'POST',
 *   url: new URL('http://127.0.0.1/'),
 *   headers: { 'x-amz-target': 'CodeDeploy_20141006.GetDeployment' },
 *   body: Buffer.from('{"deploymentId":"d-7KQ2M4XAB"}'),
 * });
 * ```
 */
export function answerInProcess(world: World, request: RawRequest): CapturedAnswer {
  const captured: CapturedAnswer = { status: 200, headers: {}, body: Buffer.alloc(0) };
  // The writers in ./protocol use only writeHead, end and statusCode of a ServerResponse.
  const res = {
    statusCode: 200,
    writeHead(status: number, headers: OutgoingHttpHeaders = {}) {
      this.statusCode = captured.status = status;
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) captured.headers[name.toLowerCase()] = String(value);
      }
      return this;
    },
    end(body?: string | Buffer) {
      captured.body = Buffer.from(body ?? '');
      return this;
    },
  };
  answer(world, request, res as unknown as ServerResponse);
  return captured;
}
