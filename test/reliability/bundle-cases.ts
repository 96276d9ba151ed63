import { EVENT_DIRS, mapLimit } from '../../local/demo';
import { chatWebhooks } from '../../local/endpoint/chat-webhooks';
import type { CallRecord } from '../../local/endpoint/world';
import { buildFunction } from '../template/bundle';
import { LIBRARY_ONLY } from '../template/iam-calls';
import { loadTemplate, serverlessFunctions } from '../template/project';
import {
  IAM_PREFIX_BY_SERVICE_ID,
  ownCodeNamesCommand,
  pipewrightOperations,
} from '../template/sdk-operations';
import { type Invocation, invokeBundle, readEvent } from '../integration/harness';
import { sampleEvents } from '../support/samples';

/** The template's functions, by logical id, with the events/ folder holding their sample events. */
export function functionsWithEvents(): { logicalId: string; eventDir: string }[] {
  // A function's first folder holds its samples (the notifier's second, history/, is the metrics' week).
  const dirByFunction = new Map(
    Object.entries(EVENT_DIRS)
      .reverse()
      .map(([dir, id]) => [id, dir]),
  );
  return Object.keys(serverlessFunctions(loadTemplate())).map((logicalId) => ({
    logicalId,
    eventDir: dirByFunction.get(logicalId) ?? '',
  }));
}

/** `service:Operation` as the loopback endpoint names a call (and as faults name it). */
const callName = (call: Pick<CallRecord, 'service' | 'operation'>) => `${call.service}:${call.operation}`;

/** The AWS operations a bundle's own code can call, as `service:Operation` (read out of the built bundle). */
export async function bundleOperations(logicalId: string): Promise<string[]> {
  const bundle = await buildFunction(loadTemplate(), logicalId);
  return (
    pipewrightOperations(bundle)
      .filter((op) => !(LIBRARY_ONLY[op.action!] && !ownCodeNamesCommand(bundle, op.operation)))
      // S3 Express One Zone sessions: made by the S3 client itself, only for directory buckets.
      .filter((op) => op.action !== 's3:CreateSession')
      .map((op) => `${IAM_PREFIX_BY_SERVICE_ID[op.serviceId] ?? op.serviceId}:${op.operation}`)
  );
}

/** What "exactly one result" means for a function: the calls that deliver its result, and whether a run delivered one. */
export interface ResultContract {
  /** Operations that deliver the result: a fault on one of them may end the invocation with an error (Lambda retries). */
  reportOperations: string[];
  /** How many results the run delivered (accepted job results, hook statuses, published notifications, ECS hook answers). */
  delivered(run: Invocation): number;
  /**
   * Whether the result delivered holds the pipeline or deployment back (a job failure, a hook
   * `Failed`/`FAILED`, or an ECS `IN_PROGRESS`: called again, no verdict yet), for functions whose result
   * is a verdict on the calls they make: when one of those calls fails for good, a success waves the
   * pipeline or deployment through. Absent for the notifier, which publishes whatever enrichment call fails.
   */
  deliveredFailure?(run: Invocation): boolean;
}

const okCalls = (run: Invocation, operations: string[]) =>
  run.calls.filter((call) => operations.includes(callName(call)) && call.outcome === 'ok').length;

const ECS_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'IN_PROGRESS']);

/** The `hookStatus` an ECS lifecycle hook invocation returned ('' when none). */
const ecsHookStatus = (run: Invocation) => {
  const status = (run.result as { hookStatus?: unknown } | undefined)?.hookStatus;
  return typeof status === 'string' ? status : '';
};

/** The result contract of each function of the template. A function missing here fails the suites on purpose. */
export const RESULT_CONTRACTS: Record<string, ResultContract> = {
  PipelineActionFunction: {
    reportOperations: ['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult'],
    delivered(run) {
      return okCalls(run, this.reportOperations);
    },
    deliveredFailure: (run) => okCalls(run, ['codepipeline:PutJobFailureResult']) === 1,
  },
  DeployHookFunction: {
    reportOperations: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
    delivered(run) {
      return okCalls(run, this.reportOperations) + (ECS_STATUSES.has(ecsHookStatus(run)) ? 1 : 0);
    },
    deliveredFailure: (run) =>
      ['FAILED', 'IN_PROGRESS'].includes(ecsHookStatus(run)) ||
      run.calls.some(
        (call) =>
          callName(call) === 'codedeploy:PutLifecycleEventHookExecutionStatus' &&
          call.outcome === 'ok' &&
          call.detail === 'Failed',
      ),
  },
  NotifierFunction: {
    reportOperations: ['sns:Publish'],
    delivered(run) {
      return okCalls(run, this.reportOperations);
    },
  },
  // A job's result, as for the invoke action; the job reaches the worker through PollForJobs and
  // AcknowledgeJob: a fault there leaves the job waiting and fails the invocation (the sweep polls again).
  JobWorkerFunction: {
    reportOperations: [
      'codepipeline:PutJobSuccessResult',
      'codepipeline:PutJobFailureResult',
      'codepipeline:PollForJobs',
      'codepipeline:AcknowledgeJob',
    ],
    delivered: (run) =>
      okCalls(run, ['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult']),
    deliveredFailure: (run) => okCalls(run, ['codepipeline:PutJobFailureResult']) === 1,
  },
  // Delivered: the notification reached its channels — the invocation ended without an error after
  // posts every one of which a platform stand-in took. The channels' read is what delivery depends on:
  // a fault there fails the invocation (Lambda retries it), as a refused post does.
  ChatDeliveryFunction: {
    reportOperations: ['ssm:GetParametersByPath', ...chatWebhooks.operations.map((op) => `chat:${op}`)],
    delivered(run) {
      const posts = run.calls.filter((call) => call.service === chatWebhooks.iam);
      return !run.error && posts.length > 0 && posts.every((post) => post.outcome === 'ok') ? 1 : 0;
    },
  },
};

/**
 * For each operation, a sample event that calls it and delivers exactly one result without faults.
 * Runs the function's sample events through its bundle, four at a time, until every operation has one.
 */
export async function eventsCalling(
  logicalId: string,
  eventDir: string,
  operations: string[],
): Promise<Map<string, string>> {
  const contract = RESULT_CONTRACTS[logicalId]!;
  const found = new Map<string, string>();
  const events = sampleEvents(eventDir);
  for (let start = 0; start < events.length && found.size < operations.length; start += 4) {
    const batch = events.slice(start, start + 4);
    const runs = await mapLimit(batch, 4, (event) => invokeBundle(logicalId, readEvent(event)));
    runs.forEach((run, index) => {
      if (contract.delivered(run) !== 1) return;
      const called = new Set(run.calls.map((call) => callName(call).toLowerCase()));
      for (const operation of operations) {
        if (!found.has(operation) && called.has(operation.toLowerCase())) found.set(operation, batch[index]!);
      }
    });
  }
  return found;
}
