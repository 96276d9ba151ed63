import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { handler as chatDelivery } from '../../functions/chat-delivery/index';
import { handler as deployHook } from '../../functions/deploy-hook/index';
import { handler as jobWorker } from '../../functions/job-worker/index';
import { clearConfigCache } from '../../functions/lib/config';
import { handler as notifier } from '../../functions/notifier/index';
import { handler as pipelineAction } from '../../functions/pipeline-action/index';
import { type Endpoint, startEndpoint } from '../../local/endpoint/server';
import { type EndpointState, loadState } from '../../local/endpoint/state';
import { withTemplateTopics } from '../../local/run';
import { functionArn, lambdaEnvironment } from '../../local/runtime/environment';
import { type Project, loadProject } from '../../local/template/project';
import { projectRoot } from '../template/project';
import type { RunRecord } from './invariants';

/**
 * One endpoint for every function run in this process: the SDK clients are module singletons shared by
 * the handlers (the configuration loader's among them), created with the first endpoint URL they see.
 */
let shared: Promise<{ project: Project; state: EndpointState; endpoint: Endpoint }> | undefined;

async function openShared() {
  const project = loadProject({ rootDir: projectRoot });
  const state = withTemplateTopics(loadState(), project);
  const endpoint = await startEndpoint({ state, region: project.region });
  return { project, state, endpoint };
}

/** Closes the shared endpoint (call in `afterAll` of a suite that used {@link inProcess}). */
export async function closeInProcess(): Promise<void> {
  const opened = shared;
  shared = undefined;
  if (opened) await (await opened).endpoint.close();
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const HANDLERS: Record<string, Handler> = {
  PipelineActionFunction: pipelineAction as Handler,
  DeployHookFunction: deployHook as Handler,
  NotifierFunction: notifier as Handler,
  JobWorkerFunction: jobWorker as Handler,
  ChatDeliveryFunction: chatDelivery as Handler,
};

/** Simulated time of one run: the reserve plus this much work budget. */
const RESERVE_MS = 1_000;
const WORK_MS = 5_000;

/** A function's handler run in this process against a loopback endpoint (the real SDK over HTTP). */
export interface InProcessFunction {
  /** The endpoint's seeded state; a test may change it between runs (e.g. `ssm.parameters`). */
  state: EndpointState;
  /** The seeded state's completed jobs (a result for them is "already reported"). */
  completedJobs: string[];
  /** The function's configuration path (`PIPEWRIGHT_CONFIG_PATH`, ending in `/`). */
  configPath: string;
  /** Runs the handler once on a fresh endpoint state; never throws. */
  run(event: unknown): Promise<RunRecord>;
}

/**
 * Returns a runner of `logicalId`'s handler
 * (against the loopback endpoint shared by this process, seeded from local/state) with the template's environment (logs silent, metrics off), a simulated Lambda context and no
 * configuration cache between runs.
 *
 * @example
 * ```ts
 * const fn = await inProcess('NotifierFunction');
 * const run = await fn.run(readEvent('notifier/pipeline-failed.json'));
 * ```
 */
export async function inProcess(logicalId: string): Promise<InProcessFunction> {
  const { project, state, endpoint } = await (shared ??= openShared());
  const spec = project.spec(logicalId);
  const env = lambdaEnvironment(spec, {
    region: project.region,
    target: { kind: 'endpoint', url: endpoint.url },
    taskRoot: projectRoot,
    overrides: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      PIPEWRIGHT_REPORT_RESERVE_MS: String(RESERVE_MS),
      // Every run posts to the same webhook stand-ins: no second's spacing between runs.
      PIPEWRIGHT_CHAT_POST_INTERVAL_MS: '0',
    },
  });
  delete env.NODE_OPTIONS;
  const handler = HANDLERS[logicalId]!;
  return {
    state,
    completedJobs: state.codepipeline?.completedJobs ?? [],
    configPath: `${(env.PIPEWRIGHT_CONFIG_PATH ?? '/').replace(/\/$/, '')}/`,
    async run(event) {
      Object.assign(process.env, env);
      endpoint.reset();
      endpoint.calls.length = 0;
      endpoint.requests.length = 0;
      clearConfigCache();
      const deadline = Date.now() + RESERVE_MS + WORK_MS;
      const context = {
        awsRequestId: randomUUID(),
        functionName: spec.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: functionArn(spec, project.region),
        memoryLimitInMB: String(spec.memorySize),
        logGroupName: `/aws/lambda/${spec.functionName}`,
        logStreamName: 'in-process',
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      } as Context;
      try {
        const result = await handler(event, context);
        return { result, calls: [...endpoint.calls], requests: [...endpoint.requests] };
      } catch (error) {
        const errorName = error instanceof Error ? error.name : typeof error;
        return { errorName, calls: [...endpoint.calls], requests: [...endpoint.requests] };
      }
    },
  };
}
