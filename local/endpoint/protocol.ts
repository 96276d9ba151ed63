import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { EndpointState } from './state-schema';
import type { AwsError, World } from './world';

/** What an operation handler gets besides its input. */
export interface OperationCall {
  world: World;
  /** The account the call is made as (this one, or one whose role it assumed). */
  account: string;
  /** What that account's resources are: the seed's top level, or its `accounts.<id>` entry. */
  state: EndpointState;
  /** Adds a short note about the answer to the call record (`3 parameters`, `InProgress`). */
  note(text: string): void;
}

/** An operation: takes the decoded input, returns the output object (or throws an AwsError). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Operation = (input: any, call: OperationCall) => unknown;

/** A JSON RPC service (`X-Amz-Target: <target>.<Operation>`). */
export interface JsonService {
  /** IAM service prefix (`codepipeline`), used in call records and fault names. */
  iam: string;
  target: string;
  version: '1.0' | '1.1';
  /** awsQueryCompatible services also answer `x-amzn-query-error: Code;Sender`. */
  queryCompatible?: { namespace: string };
  operations: Record<string, Operation>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** JSON protocols carry timestamps as epoch seconds: converts ISO strings of seeded shapes. */
export function epochTimestamps(value: unknown): unknown {
  if (typeof value === 'string' && ISO_DATE.test(value)) return Date.parse(value) / 1000;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(epochTimestamps);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochTimestamps(v)]));
  }
  return value;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  res.writeHead(status, {
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Answers a JSON RPC result. */
export function jsonResult(res: ServerResponse, service: JsonService, output: unknown): void {
  send(
    res,
    200,
    { 'content-type': `application/x-amz-json-${service.version}` },
    JSON.stringify(output ?? {}),
  );
}

/** Answers a JSON RPC error: `__type` + `message` (+ `x-amzn-query-error` for query-compatible services). */
export function jsonError(res: ServerResponse, service: JsonService, error: AwsError): void {
  const headers: Record<string, string> = { 'content-type': `application/x-amz-json-${service.version}` };
  let type = error.code;
  if (service.queryCompatible) {
    headers['x-amzn-query-error'] = `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
    type = `${service.queryCompatible.namespace}#${error.code}`;
  }
  send(res, error.status, headers, JSON.stringify({ __type: type, message: error.message }));
}

/** Escapes text for an XML element. */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Answers an XML document (Query and REST-XML protocols). */
export function xmlResult(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  send(
    res,
    status,
    { 'content-type': 'text/xml', ...headers },
    `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  );
}

/** Answers a Query protocol error (`<ErrorResponse><Error><Type/><Code/><Message/>`). */
export function queryError(res: ServerResponse, xmlns: string, error: AwsError): void {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  xmlResult(
    res,
    error.status,
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${xml(error.code)}</Code>` +
      `<Message>${xml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

/** Answers a REST-XML (S3) error: `<Error><Code/><Message/>`. */
export function restXmlError(res: ServerResponse, error: AwsError): void {
  xmlResult(
    res,
    error.status,
    `<Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message>` +
      `<RequestId>${randomUUID()}</RequestId></Error>`,
  );
}

/** Answers a REST-JSON error: `x-amzn-errortype` header + `{Type, message}` body. */
export function restJsonError(res: ServerResponse, error: AwsError): void {
  const body = JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message });
  send(res, error.status, { 'content-type': 'application/json', 'x-amzn-errortype': error.code }, body);
}

/** Sends a raw body with headers (REST protocols). */
export function rawResult(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
) {
  send(res, status, headers, body);
}
