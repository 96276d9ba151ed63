import { randomUUID } from 'node:crypto';
import type { CallRecord } from '../../local/endpoint/world';
import { startLoopbackServer } from '../support/loopback-server';
import { type Invocation, type InvokeOptions, invokeBundle, readEvent } from './harness';

/** Logical id of the function under test. */
export const FN = 'PipelineActionFunction';

/** The parts of a CodePipeline job event these tests change or read. */
export interface JobEvent {
  'CodePipeline.job': {
    id: string;
    data: {
      actionConfiguration: { configuration: { UserParameters?: string } };
      inputArtifacts: { name: string; location: { s3Location: { bucketName: string; objectKey: string } } }[];
      artifactCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
      continuationToken?: string;
    };
  };
}

/**
 * A sample job event of events/pipeline-action/ with `parameters` merged into its UserParameters
 * (e.g. the URL of a test server).
 */
export function jobEvent(file: string, parameters: Record<string, unknown> = {}): JobEvent {
  const event = readEvent(`pipeline-action/${file}`) as JobEvent;
  const configuration = event['CodePipeline.job'].data.actionConfiguration.configuration;
  const current = JSON.parse(configuration.UserParameters ?? '{}') as Record<string, unknown>;
  configuration.UserParameters = JSON.stringify({ ...current, ...parameters });
  return event;
}

/**
 * The job CodePipeline sends after a continuation: same action data, a new job id, the token set.
 */
export function continuationOf(event: JobEvent, continuationToken: string): JobEvent {
  const next = structuredClone(event);
  next['CodePipeline.job'].id = randomUUID();
  next['CodePipeline.job'].data.continuationToken = continuationToken;
  return next;
}

/** PutJobSuccessResult / PutJobFailureResult calls CodePipeline accepted (a job must get exactly one). */
export function acceptedResults(run: Invocation): CallRecord[] {
  return run.calls.filter((call) => call.operation.startsWith('PutJob') && call.outcome === 'ok');
}

/**
 * Invokes the bundle with `event`, then with each continuation job it hands over, until a final
 * result (at most `maxInvocations`). Pass an `endpoint` so that what a run started is still there.
 */
export async function followJob(event: JobEvent, options: InvokeOptions, maxInvocations = 5) {
  const runs: Invocation[] = [];
  let next: JobEvent | undefined = event;
  while (next && runs.length < maxInvocations) {
    const run = await invokeBundle(FN, next, options);
    runs.push(run);
    const result = run.result as { kind?: string; continuationToken?: string } | undefined;
    next = result?.kind === 'continue' ? continuationOf(next, result.continuationToken!) : undefined;
  }
  return runs;
}

/** One scripted HTTP answer. */
interface Answer {
  status: number;
  body: unknown;
}

/**
 * A loopback HTTP server (127.0.0.1, random port) that gives the scripted answers in order, the last
 * one for every further request, and records each request as `METHOD /path`.
 */
export async function scriptedServer(...answers: Answer[]) {
  const requests: string[] = [];
  const loopback = await startLoopbackServer((req, res) => {
    const answer = answers[Math.min(requests.length, answers.length - 1)]!;
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  return { url: loopback.url(), requests, close: loopback.close };
}
