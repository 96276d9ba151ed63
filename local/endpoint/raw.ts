import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { OperationCall } from './protocol';
import type { AwsError } from './world';

/** An HTTP request as the non-RPC services see it. */
export interface RawRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A decoded request: the API operation, the IAM action names faults may use, and the input. */
export interface Decoded {
  operation: string;
  iamOperations: string[];
  input: Record<string, unknown>;
}

/** A service whose wire protocol is not JSON RPC (Query, REST-JSON, REST-XML). */
export interface RawService {
  iam: string;
  /** The IAM operation names it serves (what `faults[].operation` may name after `<iam>:`). */
  operations: readonly string[];
  /** The request's operation, or undefined when the request is not for this service. */
  decode(request: RawRequest): Decoded | undefined;
  /** Runs the operation and writes the answer. */
  run(decoded: Decoded, request: RawRequest, res: ServerResponse, call: OperationCall): void;
  /** Writes an error in the protocol's error shape. */
  error(res: ServerResponse, error: AwsError): void;
}

/** The fields of a form-urlencoded request body (`Action=Publish&TopicArn=…`). */
export function formFields(request: RawRequest): Record<string, string | undefined> {
  return Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
}

/**
 * The form fields of a Query-protocol call (a form-urlencoded POST with an `Action`) of API `version`,
 * or undefined when the request is not one.
 *
 * @example
 * ```ts
 * queryForm(request, '2010-03-31'); // { Action: 'Publish', Version: '2010-03-31', TopicArn: '…', … }
 * ```
 */
export function queryForm(
  request: RawRequest,
  version: string,
): (Record<string, string | undefined> & { Action: string }) | undefined {
  if (request.method !== 'POST' || !String(request.headers['content-type']).includes('x-www-form-urlencoded'))
    return undefined;
  const form = formFields(request);
  const { Action } = form;
  return Action && form.Version === version ? { ...form, Action } : undefined;
}
