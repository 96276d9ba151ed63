import { join } from 'node:path';
import { type EndpointState, loadState, mergeStates } from '../../local/endpoint/state';
import type { CallRecord, PostedMessage, PublishedMessage } from '../../local/endpoint/world';
import { type Endpoint, startEndpoint } from '../../local/endpoint/server';
import { runFunction, withTemplateTopics } from '../../local/run';
import type { InvocationError } from '../../local/runtime/messages';
import { type Project, loadProject } from '../../local/template/project';

export type { EndpointState } from '../../local/endpoint/state';
export { formatCall } from '../../local/endpoint/format';
export { readEvent } from '../support/samples';

const rootDir = join(__dirname, '..', '..');
let project: Project | undefined;

/** What one bundled invocation produced. */
export interface Invocation {
  /** The handler's return value (undefined when it threw). */
  result?: unknown;
  /** The error the invocation ended with, as the Lambda runtime reports it (`errorType`, `errorMessage`). */
  error?: InvocationError;
  /** Every AWS call the loopback endpoint answered, in order (`service`, `operation`, `outcome`, `detail`). */
  calls: CallRecord[];
  /** Messages accepted by SNS Publish. */
  published: PublishedMessage[];
  /** Messages the chat webhook stand-ins took. */
  posted: PostedMessage[];
  /** Raw stdout/stderr lines of the function (Powertools JSON logs, EMF metrics). */
  logs: string[];
  /** Peak resident memory of the function's process, in MB (Lambda's "Max Memory Used"). */
  maxMemoryMB?: number;
  /** The function's `MemorySize` in the template, in MB. */
  memorySizeMB: number;
}

/** Options of {@link invokeBundle}. */
export interface InvokeOptions {
  /** State merged on top of local/state/*.json (arrays concatenated), e.g. `{ faults: [...] }`. */
  state?: EndpointState;
  /** Start from an empty state instead of local/state/*.json (default: false). */
  emptyBaseState?: boolean;
  /** Environment variables overriding the template's. */
  env?: Record<string, string>;
  /** Function timeout in seconds overriding the template's `Timeout` (the context's remaining time follows it). */
  timeoutSeconds?: number;
  /**
   * An endpoint from {@link openEndpoint} to use instead of a fresh one (`state` is then ignored), so
   * that what one invocation started (an automation execution, a reported job) is there for the next.
   * `calls` and `published` hold only this invocation's.
   */
  endpoint?: Endpoint;
}

/**
 * Starts a loopback endpoint that outlives invocations (seeded like {@link invokeBundle}'s); close it
 * when done.
 *
 * @example
 * ```ts
 * const endpoint = await openEndpoint();
 * const first = await invokeBundle(FN, event, { endpoint });
 * const second = await invokeBundle(FN, nextEvent, { endpoint });
 * await endpoint.close();
 * ```
 */
export async function openEndpoint(
  options: Pick<InvokeOptions, 'state' | 'emptyBaseState'> = {},
): Promise<Endpoint> {
  project ??= loadProject({ rootDir });
  const base = options.emptyBaseState ? {} : loadState();
  return startEndpoint({
    state: withTemplateTopics(mergeStates(base, options.state ?? {}), project),
    region: project.region,
  });
}

/**
 * Runs a function the way it runs in Lambda, over the real SDK HTTP stack: builds its esbuild
 * bundle with the template's BuildProperties (cached), starts a loopback AWS endpoint seeded from
 * local/state/*.json (+ `options.state`), and invokes the bundle in a fresh Node process with the
 * template's environment. Never throws for a handler error: look at `error`.
 *
 * @example
 * ```ts
 * const run = await invokeBundle('PipelineActionFunction', readEvent('pipeline-action/alarm-gate.json'), {
 *   state: { faults: [{ operation: 'codepipeline:PutJobSuccessResult', error: 'ThrottlingException', times: 1 }] },
 * });
 * expect(run.error).toBeUndefined();
 * expect(run.calls.map((c) => `${c.operation} ${c.outcome}`)).toContain('PutJobSuccessResult ok');
 * ```
 */
export async function invokeBundle(
  logicalId: string,
  event: unknown,
  options: InvokeOptions = {},
): Promise<Invocation> {
  project ??= loadProject({ rootDir });
  const base = options.emptyBaseState || options.endpoint ? {} : loadState();
  const seen = {
    calls: options.endpoint?.calls.length ?? 0,
    published: options.endpoint?.published.length ?? 0,
    posted: options.endpoint?.posted.length ?? 0,
  };
  const outcome = await runFunction({
    project: withTimeout(project, options.timeoutSeconds),
    logicalId,
    event,
    state: mergeStates(base, options.state ?? {}),
    env: options.env,
    endpoint: options.endpoint,
  });
  const { result, error, logs, maxMemoryMB } = outcome;
  return {
    result,
    error,
    calls: outcome.calls.slice(seen.calls),
    published: outcome.published.slice(seen.published),
    posted: outcome.posted.slice(seen.posted),
    logs,
    maxMemoryMB,
    memorySizeMB: outcome.spec.memorySize,
  };
}

function withTimeout(base: Project, timeoutSeconds: number | undefined): Project {
  if (timeoutSeconds === undefined) return base;
  return { ...base, spec: (logicalId) => ({ ...base.spec(logicalId), timeoutSeconds }) };
}

/** `operation outcome` of every call, e.g. `['GetParametersByPath ok', 'PutJobSuccessResult ThrottlingException', …]`. */
export function callOutcomes(run: Invocation): string[] {
  return run.calls.map((call) => `${call.operation} ${call.outcome}`);
}
