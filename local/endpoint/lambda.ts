import { rawResult, restJsonError } from './protocol';
import type { RawService } from './raw';
import { ACCOUNT_ID, AwsError } from './world';

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Splits a function name, partial or full ARN (`arn:aws:lambda:r:a:function:name:qualifier`) into name and qualifier. */
function parseName(raw: string, qualifier?: string): { name: string; qualifier?: string } {
  const parts = raw.split(':');
  const fromArn = raw.startsWith('arn:') ? parts.slice(6) : parts;
  return { name: fromArn[0] ?? raw, qualifier: qualifier ?? fromArn[1] };
}

/** Lambda (REST-JSON): `POST /2015-03-31/functions/{name}/invocations?Qualifier=`. */
export const lambda: RawService = {
  iam: 'lambda',
  operations: ['Invoke', 'InvokeFunction'],
  decode(request) {
    const match = INVOKE.exec(request.url.pathname);
    if (!match || request.method !== 'POST') return undefined;
    const { name, qualifier } = parseName(
      decodeURIComponent(match[1] ?? ''),
      request.url.searchParams.get('Qualifier') ?? undefined,
    );
    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    return {
      operation: 'Invoke',
      iamOperations: ['Invoke', 'InvokeFunction'],
      input: {
        FunctionName: name,
        Qualifier: qualifier,
        InvocationType: invocationType,
        PayloadBytes: request.body.length,
      },
    };
  },
  run({ input }, request, res, call) {
    const name = String(input.FunctionName);
    const qualifier = input.Qualifier as string | undefined;
    const functions = call.world.state.lambda?.functions ?? {};
    const fn = (qualifier ? functions[`${name}:${qualifier}`] : undefined) ?? functions[name];
    if (!fn) {
      const arn = `arn:aws:lambda:${call.world.region}:${ACCOUNT_ID}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
      throw new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
    }
    if (request.body.length > 0) {
      try {
        JSON.parse(request.body.toString('utf8'));
      } catch {
        throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json');
      }
    }
    const version = fn.executedVersion ?? (qualifier && /^\d+$/.test(qualifier) ? qualifier : '$LATEST');
    if (input.InvocationType === 'Event') return rawResult(res, 202, {}, '');
    if (input.InvocationType === 'DryRun') return rawResult(res, 204, {}, '');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amz-executed-version': version,
    };
    if (fn.functionError) headers['x-amz-function-error'] = fn.functionError;
    call.note(
      fn.functionError
        ? `function error (${fn.functionError}), version ${version}`
        : `200, version ${version}`,
    );
    rawResult(res, 200, headers, JSON.stringify(fn.payload ?? null));
  },
  error: restJsonError,
};
