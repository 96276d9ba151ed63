import { Readable } from 'node:stream';
// The SDK's own schema helper: every @aws-sdk client depends on @smithy/core (not a direct dependency here).
import { operation } from '@smithy/core/schema';
import type { AwsStub } from 'aws-sdk-client-mock';
import { answerInProcess } from '../../local/endpoint/in-process';
import { World } from '../../local/endpoint/world';
import type { EndpointState } from '../../local/endpoint/state';

/** Where the serialized request pretends to go (the answer never leaves the process). */
const LOOPBACK = { url: new URL('http://127.0.0.1/') };

/** The parts of a schema-based SDK command and client this adapter uses. */
type SchemaCommand = { input: object; schema: [number, string, string, number, unknown, unknown] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SchemaClient = { config: { protocol: any } & Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CommandClass = new (input: any) => unknown;

/** A serialized request body (the JSON codec's body is a Uint8Array that also acts as a string). */
function bytes(body: unknown): Buffer {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return Buffer.from(typeof body === 'string' ? body : '');
}

/**
 * A World of the loopback endpoint seeded with `state` (read live: a test may change the state
 * afterwards), in the region the unit tests run in.
 */
export function worldOf(state: unknown): World {
  return new World(state as EndpointState, process.env.AWS_REGION ?? 'us-east-1');
}

/**
 * What the loopback endpoint answers to `command`, as the SDK returns it: the client's own protocol
 * serializes the input, the endpoint answers on `world` (same operations, faults and call record as
 * over the wire), and the client's protocol decodes the answer — `Date`s, blobs, headers, modeled
 * exceptions (`DeploymentDoesNotExistException`, ...) exactly as a real call would give them.
 * JSON RPC services, Lambda (REST-JSON) and SNS (Query) work; S3 does not (its client puts the
 * bucket in the host name, which this in-process request drops).
 */
export async function endpointAnswer<Output>(
  world: World,
  client: unknown,
  command: unknown,
): Promise<Output> {
  const { config } = client as SchemaClient;
  const { input, schema } = command as SchemaCommand;
  const op = operation(schema[1], schema[2], schema[3], schema[4] as never, schema[5] as never);
  const context = { ...config, endpoint: async () => LOOPBACK };
  const request = await config.protocol.serializeRequest(op, input, context);
  const query = new URLSearchParams(request.query as Record<string, string>).toString();
  const answer = answerInProcess(world, {
    method: request.method,
    url: new URL(`${request.path}${query ? `?${query}` : ''}`, LOOPBACK.url),
    headers: Object.fromEntries(
      Object.entries(request.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    body: bytes(request.body),
  });
  const Response = config.protocol.getResponseType();
  const response = new Response({
    statusCode: answer.status,
    headers: answer.headers,
    body: Readable.from([answer.body]),
  });
  return config.protocol.deserializeResponse(op, context, response);
}

/**
 * Makes `mock` answer each of `commands` from the loopback endpoint on `world`.
 *
 * @example
 * ```ts
 * answerFromEndpoint(mockClient(CodeDeployClient), worldOf(state), [GetDeploymentCommand]);
 * ```
 */
export function answerFromEndpoint(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mock: AwsStub<any, any, any>,
  world: World,
  commands: CommandClass[],
): void {
  for (const Command of commands) {
    mock
      .on(Command as never)
      .callsFake((input: object, getClient: () => unknown) =>
        endpointAnswer(world, getClient(), new Command(input)),
      );
  }
}
