import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JsonService, type OperationCall, jsonError, jsonResult } from './protocol';
import type { Decoded, RawRequest, RawService } from './raw';
import { summarizeInput } from './redact';
import { jsonServices, rawServices } from './services';
import type { EndpointState } from './state-schema';
import {
  AwsError,
  type CallRecord,
  MalformedAnswer,
  type PostedMessage,
  type PublishedMessage,
  type ReceivedRequest,
  World,
} from './world';

/** A running loopback endpoint. */
export interface Endpoint {
  /** `http://127.0.0.1:<port>` — an IP, so the S3 client uses path-style addressing. */
  url: string;
  /** Every call answered so far, in order. */
  calls: CallRecord[];
  /** Messages accepted by SNS Publish. */
  published: PublishedMessage[];
  /** Messages the chat webhook stand-ins took. */
  posted: PostedMessage[];
  /** Every request as received, unredacted (for tests looking for leaked secrets; never printed). */
  requests: ReceivedRequest[];
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

/** Who signed a request: the access key id and the region of its SigV4 credential scope. */
type Signer = Pick<CallRecord, 'accessKeyId' | 'region'>;

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
  const call: OperationCall = { world, ...world.caller(entry.accessKeyId), note: (text) => notes.push(text) };
  try {
    const status = run(call);
    world.calls.push({ ...entry, outcome: 'ok', status, detail: notes.join('; '), injected: false });
  } catch (thrown) {
    if (thrown instanceof MalformedAnswer) {
      world.calls.push({
        ...entry,
        outcome: 'malformed',
        status: 200,
        detail: thrown.message,
        injected: true,
      });
      throw thrown;
    }
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

/** Answers HTTP 200 with a body cut short: neither valid JSON nor valid XML. */
function answerMalformed(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType }).end('{"<truncated');
}

function handleJson(
  world: World,
  signer: Signer,
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
    record(world, { service: service.iam, operation, input: summarizeInput(input), ...signer }, (call) => {
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
    if (error instanceof MalformedAnswer) answerMalformed(res, `application/x-amz-json-${service.version}`);
    else jsonError(res, service, asError(error));
  }
}

function handleRaw(
  world: World,
  signer: Signer,
  service: RawService,
  decoded: Decoded,
  request: RawRequest,
  res: ServerResponse,
) {
  const entry = {
    service: service.iam,
    operation: decoded.operation,
    input: summarizeInput(decoded.input),
    ...signer,
  };
  try {
    record(world, entry, (call) => {
      world.injectFault(service.iam, decoded.iamOperations);
      service.run(decoded, request, res, call);
      return res.statusCode;
    });
  } catch (error) {
    if (error instanceof MalformedAnswer) answerMalformed(res, 'text/xml');
    else service.error(res, asError(error));
  }
}

/**
 * Answers one request on `world` as the loopback endpoint does (fault injection, call record, the
 * protocol's own answer and error shapes), writing to `res`. The server calls it for every request;
 * ./in-process calls it without a socket.
 */
export function answer(world: World, request: RawRequest, res: ServerResponse): void {
  const [, accessKeyId, region] =
    /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\//.exec(String(request.headers.authorization ?? '')) ?? [];
  const signer: Signer = { accessKeyId, region };
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.');
    const service = jsonServices.find((s) => s.target === prefix);
    if (service) return handleJson(world, signer, service, operation, request.body, res);
  }
  for (const service of rawServices) {
    const decoded = service.decode(request);
    if (decoded) return handleRaw(world, signer, service, decoded, request, res);
  }
  res
    .writeHead(404, { 'content-type': 'text/plain' })
    .end(`The local endpoint does not serve ${request.method} ${request.url.pathname}${request.url.search}`);
}

/** The IAM service and operation names of a request (for slow-answer faults), if the endpoint serves it. */
function operationOf(request: RawRequest): { service: string; operations: string[] } | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.');
    const service = jsonServices.find((s) => s.target === prefix);
    if (service) return { service: service.iam, operations: [operation] };
  }
  for (const service of rawServices) {
    const decoded = service.decode(request);
    if (decoded) return { service: service.iam, operations: decoded.iamOperations };
  }
  return undefined;
}

function route(world: World, req: IncomingMessage, body: Buffer, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const request: RawRequest = { method: req.method ?? 'GET', url, headers: req.headers, body };
  world.requests.push({
    method: request.method,
    url: req.url ?? '/',
    headers: req.headers,
    body: body.toString('utf8'),
  });
  const target = operationOf(request);
  const delayMs = target ? world.takeDelay(target.service, target.operations) : 0;
  if (delayMs <= 0) return answer(world, request, res);
  const timer = setTimeout(() => {
    if (!res.destroyed && res.socket && !res.socket.destroyed) return answer(world, request, res);
    world.calls.push({
      service: target!.service,
      operation: target!.operations[0]!,
      input: '',
      outcome: 'ClientClosed',
      status: 0,
      detail: `the client gave up before the answer delayed by ${delayMs} ms; the call had no effect`,
      injected: true,
    });
  }, delayMs);
  timer.unref();
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
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(world, req, Buffer.concat(chunks), res));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  world.url = `http://127.0.0.1:${port}`;
  return {
    url: world.url,
    calls: world.calls,
    published: world.published,
    posted: world.posted,
    requests: world.requests,
    reset: () => world.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
