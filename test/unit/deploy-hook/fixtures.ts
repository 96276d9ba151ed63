import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import {
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
} from '@aws-sdk/client-ecs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParametersByPathCommand, SSMClient, type ParameterType } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { clearConfigCache } from '../../../functions/lib/config';
import { HOOK_NAME, readEvent, readState } from '../../support/samples';
import { deploymentInfo, getDeployment, getParametersByPath, withDates } from '../sample-answers';
import {
  type HookState,
  describeAlarms,
  describeServiceDeployments,
  getApplicationRevision,
  invoke,
  listServiceDeployments,
  putLifecycleEventHookExecutionStatus,
} from './answers';

/** The state the sample events are written against (local/state/deploy-hook.json); tests may change it. */
export const state = readState<HookState>('deploy-hook');

/** A sample CodeDeploy hook event from events/deploy-hook/. */
export const hookEvent = (name: string) =>
  readEvent<{ DeploymentId: string } & Record<string, string>>(`deploy-hook/${name}.json`);

function seeded(id: string) {
  const raw = state.codedeploy.deployments[id];
  if (!raw) throw new Error(`no deployment ${id} in local/state/deploy-hook.json`);
  return raw;
}

/** The deployment of a sample event as stored, AppSpec content inline (older or other API shapes). */
export function storedDeployment(id: string): DeploymentInfo {
  return withDates<DeploymentInfo>(seeded(id));
}

/**
 * The deployment of a sample event as GetDeployment returns it, like the real one: "the content
 * property of the appSpecContent object in the returned revision is always null" — only its sha256.
 */
export function deploymentOf(id: string): DeploymentInfo {
  return deploymentInfo(id, seeded(id));
}

/** The hook's SDK clients, mocked. */
export const mocks = {
  codedeploy: mockClient(CodeDeployClient),
  lambda: mockClient(LambdaClient),
  cloudwatch: mockClient(CloudWatchClient),
  ssm: mockClient(SSMClient),
  ecs: mockClient(ECSClient),
};

/**
 * Mocks answer from the sample state (local/state/deploy-hook.json, read at each call: a test may
 * change it); `withConfig: false`: without its Parameter Store configuration. A test overrides what
 * it needs afterwards.
 */
export function answerFromState(options: { withConfig?: boolean } = {}): void {
  Object.values(mocks).forEach((mock) => mock.reset());
  clearConfigCache();
  const parameters = () =>
    options.withConfig === false
      ? []
      : state.ssm.parameters.map((p) => ({ Name: p.name, Type: p.type as ParameterType, Value: p.value }));
  answers = new Map<object, Answer>([
    [GetDeploymentCommand, getDeployment(state.codedeploy.deployments)],
    [GetApplicationRevisionCommand, getApplicationRevision(state)],
    [PutLifecycleEventHookExecutionStatusCommand, putLifecycleEventHookExecutionStatus(state)],
    [InvokeCommand, invoke(state)],
    [DescribeAlarmsCommand, describeAlarms(state)],
    [GetParametersByPathCommand, getParametersByPath(parameters)],
    [DescribeServiceDeploymentsCommand, describeServiceDeployments(state)],
    [ListServiceDeploymentsCommand, listServiceDeployments(state)],
  ] as Array<[object, Answer]>);
  mocks.codedeploy
    .on(GetDeploymentCommand)
    .callsFake(answers.get(GetDeploymentCommand)!)
    .on(GetApplicationRevisionCommand)
    .callsFake(answers.get(GetApplicationRevisionCommand)!)
    .on(PutLifecycleEventHookExecutionStatusCommand)
    .callsFake(answers.get(PutLifecycleEventHookExecutionStatusCommand)!);
  mocks.lambda.on(InvokeCommand).callsFake(answers.get(InvokeCommand)!);
  mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake(answers.get(DescribeAlarmsCommand)!);
  mocks.ssm.on(GetParametersByPathCommand).callsFake(answers.get(GetParametersByPathCommand)!);
  mocks.ecs
    .on(DescribeServiceDeploymentsCommand)
    .callsFake(answers.get(DescribeServiceDeploymentsCommand)!)
    .on(ListServiceDeploymentsCommand)
    .callsFake(answers.get(ListServiceDeploymentsCommand)!);
}

/** An answer of {@link answers}: it takes the input of its command, whichever that is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = (input: any) => unknown;

/** The answers of the last {@link answerFromState}, by command class. */
let answers = new Map<object, Answer>();

/**
 * Makes the first calls of `Command` fail with `errors` (one per call), then answer from the state of
 * the last {@link answerFromState} again.
 */
export function failFirst(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mock: (typeof mocks)[keyof typeof mocks] | any,
  Command: new (input: never) => object,
  errors: Error[],
): void {
  const stub = mock.on(Command);
  for (const error of errors) stub.rejectsOnce(error);
  stub.callsFake(answers.get(Command)!);
}

/** A Lambda context of the hook function with `remainingMs` left. */
export function hookContext(remainingMs = 60_000): Context {
  return {
    functionName: HOOK_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${HOOK_NAME}`,
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
    getRemainingTimeInMillis: () => remainingMs,
  } as Context;
}

/** The statuses reported to CodeDeploy, in order. */
export function reportedStatuses(): Array<string | undefined> {
  return mocks.codedeploy
    .commandCalls(PutLifecycleEventHookExecutionStatusCommand)
    .map((call) => call.args[0].input.status);
}

/**
 * Sets PIPEWRIGHT_CONFIG_PATH (as the template does) before each test of the calling block; test/setup.ts
 * restores process.env after each test.
 */
export function useConfigPath(path: string): void {
  beforeEach(() => {
    process.env.PIPEWRIGHT_CONFIG_PATH = path;
  });
}
