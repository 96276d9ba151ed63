import { buildFunction, type BuiltFunction } from './build';
import { type Endpoint, startEndpoint } from './endpoint/server';
import type { EndpointState } from './endpoint/state';
import type { CallRecord, PostedMessage, PublishedMessage } from './endpoint/world';
import type { HttpRequestRecord } from './runtime/http-requests';
import type { InvocationError } from './runtime/messages';
import { functionArn, lambdaEnvironment } from './runtime/environment';
import { FunctionProcess, type InvocationOutcome } from './runtime/function-process';
import type { Project } from './template/project';
import type { FunctionSpec } from './template/functions';

/** Options of {@link runFunction}. */
export interface RunOptions {
  project: Project;
  logicalId: string;
  event: unknown;
  /** Seeded state of the loopback endpoint (ignored with `aws`). */
  state: EndpointState;
  /** Send AWS calls to the user's account (or their AWS_ENDPOINT_URL, e.g. LocalStack) instead of the loopback endpoint. */
  aws?: boolean;
  /** Environment variables overriding the template's (like `sam local invoke --env-vars`). */
  env?: Record<string, string>;
  /** A running endpoint to use instead of a fresh one (`state` ignored; not closed), e.g. to follow a job across invocations. */
  endpoint?: Endpoint;
}

/** Everything one local invocation produced. */
export interface RunOutcome {
  spec: FunctionSpec;
  built: BuiltFunction;
  result?: unknown;
  error?: InvocationError;
  /** AWS calls answered by the loopback endpoint (empty with `aws`). */
  calls: CallRecord[];
  published: PublishedMessage[];
  /** Messages the chat webhook stand-ins took (empty with `aws`). */
  posted: PostedMessage[];
  /** Raw stdout/stderr lines of the function. */
  logs: string[];
  initMs: number;
  durationMs: number;
  /** Peak resident memory of the function's process (Lambda's "Max Memory Used"). */
  maxMemoryMB?: number;
  /** HTTP requests the handler made with `fetch` (not the AWS calls). */
  httpRequests: HttpRequestRecord[];
}

/** Seeds the endpoint so that it also knows the template's SNS topics (as `Ref` resolves them locally). */
export function withTemplateTopics(state: EndpointState, project: Project): EndpointState {
  return { ...state, sns: { ...state.sns, topics: [...(state.sns?.topics ?? []), ...project.topicArns] } };
}

/**
 * Does what `sam build` + `sam local invoke` do, without Docker: builds the function with its
 * esbuild settings, starts the loopback endpoint, runs the bundle in a fresh Node process with the
 * template's environment and a Lambda-like context, and returns the result, logs and AWS calls.
 *
 * @example
 * ```ts
 * const outcome = await runFunction({ project: loadProject(), logicalId: 'NotifierFunction', event, state: loadState() });
 * ```
 */
export async function runFunction(options: RunOptions): Promise<RunOutcome> {
  const { project } = options;
  const spec = project.spec(options.logicalId);
  const built = await buildFunction(spec, project.rootDir);
  let endpoint: Endpoint | undefined = options.endpoint;
  const ownEndpoint = !endpoint && !options.aws;
  if (ownEndpoint) {
    endpoint = await startEndpoint({
      state: withTemplateTopics(options.state, project),
      region: project.region,
    });
  }
  const [, handlerName = 'handler'] = spec.handler.split('.');
  try {
    const env = lambdaEnvironment(spec, {
      region: project.region,
      target: endpoint ? { kind: 'endpoint', url: endpoint.url } : { kind: 'aws' },
      taskRoot: built.dir,
      overrides: options.env,
    });
    const started = await FunctionProcess.start({
      rootDir: project.rootDir,
      file: built.file,
      handler: handlerName,
      env,
    });
    const { process: fn, initMs } = started;
    try {
      const outcome: Omit<InvocationOutcome, 'requestId'> = started.error
        ? { result: undefined, error: started.error, durationMs: 0 }
        : await fn.invoke(options.event, {
            timeoutMs: spec.timeoutSeconds * 1000,
            functionName: spec.functionName,
            memorySize: spec.memorySize,
            invokedFunctionArn: functionArn(spec, project.region),
          });
      await fn.close();
      return {
        spec,
        built,
        result: outcome.result,
        error: outcome.error,
        calls: endpoint?.calls ?? [],
        published: endpoint?.published ?? [],
        posted: endpoint?.posted ?? [],
        logs: fn.logs,
        initMs,
        durationMs: outcome.durationMs,
        maxMemoryMB: outcome.maxMemoryMB,
        httpRequests: outcome.httpRequests ?? [],
      };
    } finally {
      await fn.close();
    }
  } finally {
    if (ownEndpoint) await endpoint?.close();
  }
}
