import {
  CodePipelineClient,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readEvent } from '../../support/samples';

/** A sample job event from events/pipeline-action (the fixtures users replay with `sam local invoke`). */
export type JobEvent = {
  'CodePipeline.job': {
    id: string;
    data: {
      actionConfiguration: { configuration: { UserParameters: string } };
      continuationToken?: string;
    } & Record<string, unknown>;
  } & Record<string, unknown>;
};

/** Reads `events/pipeline-action/<name>.json`. */
export const loadEvent = (name: string) => readEvent<JobEvent>(`pipeline-action/${name}.json`);

/** The UserParameters of an event, parsed. */
function userParameters(event: JobEvent): Record<string, unknown> {
  return JSON.parse(event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters);
}

/** A copy of an event with some UserParameters keys changed. */
export function withParameters(event: JobEvent, changes: Record<string, unknown>): JobEvent {
  const copy = structuredClone(event);
  copy['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = JSON.stringify({
    ...userParameters(event),
    ...changes,
  });
  return copy;
}

/** A Lambda context whose deadline is `remainingMs` from now. */
export function fakeContext(remainingMs = 60_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'pipewright-dev-PipelineActionFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn:
      'arn:aws:lambda:eu-west-1:123456789012:function:pipewright-dev-PipelineActionFunction',
    memoryLimitInMB: '256',
    awsRequestId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    logGroupName: '/aws/lambda/pipewright-dev-PipelineActionFunction',
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** CodePipeline mocked to accept results; `reported()` returns the one result sent. */
export function mockCodePipeline() {
  const mock = mockClient(CodePipelineClient);
  mock.on(PutJobSuccessResultCommand).resolves({}).on(PutJobFailureResultCommand).resolves({});
  return {
    mock,
    success: () => mock.commandCalls(PutJobSuccessResultCommand).map((c) => c.args[0].input),
    failure: () => mock.commandCalls(PutJobFailureResultCommand).map((c) => c.args[0].input),
  };
}

/** A loopback HTTP server for the http-check tests (shared with the other suites). */
export { startLoopbackServer as startServer } from '../../support/loopback-server';
