import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudwatch } from './cloudwatch';
import { codedeploy } from './codedeploy';
import { codepipeline } from './codepipeline';
import { lambda } from './lambda';
import { type JsonService, type OperationCall, jsonError, jsonResult } from './protocol';
import type { Decoded, RawRequest, RawService } from './raw';
import { summarizeInput } from './redact';
import { s3 } from './s3';
import { sns } from './sns';
import { ssm } from './ssm';
import type { EndpointState } from './state';
import { AwsError, type CallRecord, type PublishedMessage, World } from './world';

const jsonServices: JsonService[] = [codepipeline, codedeploy, ssm, cloudwatch];
/** Order matters: SNS and Lambda are recognised by body/path, S3 takes the remaining GETs. */
const rawServices: RawService[] = [sns, lambda, s3];

/** A running loopback endpoint. */
export interface Endpoint {
  /** `http://127.0.0.1:<port>` — an IP, so the S3 client uses path-style addressing. */
  url: string;
  /** Every call answered so far, in order. */
  calls: CallRecord[];
  /** Messages accepted by SNS Publish. */
  published: PublishedMessage[];
  /** Back to the seeded state (a job or hook may be reported again), e.g. before a warm re-invocation. */
  reset(): void;
  close(): Promise<void>;
}

/** Options of {@link startEndpoint}. */
export interface EndpointOptions {
  /** The seeded state (see local/STATE-FORMAT.md). */
  state: EndpointState;
  /** Region used in the ARNs the endpoint builds (default: us-east-1). */
  region?: string;
}

function asError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  return new AwsError('InternalFailure', (error as Error)?.message ?? String(error), 500);
}

function record(
  world: World,
  entry: Omit<CallRecord, 'outcome' | 'status' | 'detail' | 'injected'>,
  run: (call: OperationCall) => number,
) {
  const notes: string[] = [];
  const call: OperationCall = { world, note: (text) => notes.push(text) };
  try {
    const status = run(call);
    world.calls.push({ ...entry, outcome: 'ok', status, detail: notes.join('; '), injected: false });
  } catch (thrown) {
    const error = asError(thrown);
    const injected = (thrown as { injected?: boolean }).injected === true;
    world.calls.push({
      ...entry,
      outcome: error.code,
      status: error.status,
      detail: error.message,
      injected,
    });
    throw error;
  }
}

function handleJson(
  world: World,
  accessKeyId: string | undefined,
  service: JsonService,
  operation: string,
  body: Buffer,
  res: ServerResponse,
) {
  let input: Record<string, unknown> = {};
  try {
    input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return jsonError(res, service, new AwsError('SerializationException', 'Request body is not valid JSON'));
  }
  try {
    record(world, { service: service.iam, operation, input: summarizeInput(input), accessKeyId }, (call) => {
      const run = service.operations[operation];
      if (!run)
        throw new AwsError(
          'UnknownOperationException',
          `${operation} is not supported by the local endpoint`,
        );
      world.injectFault(service.iam, [operation]);
      jsonResult(res, service, run(input, call));
      return 200;
    });
  } catch (error) {
    jsonError(res, service, asError(error));
  }
}

function handleRaw(
  world: World,
  accessKeyId: string | undefined,
  service: RawService,
  decoded: Decoded,
  request: RawRequest,
  res: ServerResponse,
) {
  const entry = {
    service: service.iam,
    operation: decoded.operation,
    input: summarizeInput(decoded.input),
    accessKeyId,
  };
  try {
    record(world, entry, (call) => {
      world.injectFault(service.iam, decoded.iamOperations);
      service.run(decoded, request, res, call);
      return res.statusCode;
    });
  } catch (error) {
    service.error(res, asError(error));
  }
}

/**
 * Answers one request on `world` as the loopback endpoint does (fault injection, call record, the
 * protocol's own answer and error shapes), writing to `res`. The server calls it for every request;
 * unit tests call it without a socket (see ./in-process).
 */
export function answer(world: World, request: RawRequest, res: ServerResponse): void {
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.');
    const service = jsonServices.find((s) => s.target === prefix);
    if (service) return handleJson(world, accessKeyId, service, operation, request.body, res);
  }
  for (const service of rawServices) {
    const decoded = service.decode(request);
    if (decoded) return handleRaw(world, accessKeyId, service, decoded, request, res);
  }
  res
    .writeHead(404, { 'content-type': 'text/plain' })
    .end(`The local endpoint does not serve ${request.method} ${request.url.pathname}${request.url.search}`);
}

/**
 * An answer held until it may be sent (a slow fault delays it). The protocol writers use only
 * `writeHead`, `end` and `statusCode` of a ServerResponse.
 */
class HeldAnswer {
  statusCode = 200;
  private headers: OutgoingHttpHeaders = {};
  private body: string | Buffer | undefined;

  writeHead(status: number, headers: OutgoingHttpHeaders = {}) {
    this.statusCode = status;
    this.headers = headers;
    return this;
  }

  end(body?: string | Buffer) {
    this.body = body;
    return this;
  }

  /** Sends the answer, unless the client has gone (it gave up waiting). */
  writeTo(res: ServerResponse): void {
    if (res.destroyed) return;
    res.writeHead(this.statusCode, this.headers).end(this.body);
  }
}

function route(world: World, req: IncomingMessage, body: Buffer, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  answer(world, { method: req.method ?? 'GET', url, headers: req.headers, body }, res);
}

/**
 * Starts the loopback AWS endpoint on 127.0.0.1 (random port), speaking the real wire protocols of
 * CodePipeline, CodeDeploy, SSM (JSON 1.1), CloudWatch (JSON 1.0, query compatible), SNS (Query),
 * Lambda (REST-JSON) and S3 (REST-XML).
 *
 * @example
 * ```ts
 * const endpoint = await startEndpoint({ state: loadState() });
 * process.env.AWS_ENDPOINT_URL = endpoint.url;
 * // ... run SDK calls ...
 * await endpoint.close();
 * ```
 */
export async function startEndpoint(options: EndpointOptions): Promise<Endpoint> {
  const world = new World(options.state, options.region ?? 'us-east-1');
  const slow = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = new HeldAnswer();
      route(world, req, Buffer.concat(chunks), answer as unknown as ServerResponse);
      const delayMs = world.takeAnswerDelay();
      if (delayMs <= 0) return answer.writeTo(res);
      const timer = setTimeout(() => {
        slow.delete(timer);
        answer.writeTo(res);
      }, delayMs);
      slow.add(timer);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: world.calls,
    published: world.published,
    reset: () => world.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of slow) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
