import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
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
  getApplicationRevision,
  invoke,
  putLifecycleEventHookExecutionStatus,
} from './answers';

/** The state the sample events are written against (local/state/deploy-hook.json); tests may change it. */
export const state = readState<HookState>('deploy-hook');

/** A sample hook event from events/deploy-hook/. */
export const hookEvent = (name: string) => readEvent<Record<string, string>>(`deploy-hook/${name}.json`);

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
  mocks.codedeploy
    .on(GetDeploymentCommand)
    .callsFake(getDeployment(state.codedeploy.deployments))
    .on(GetApplicationRevisionCommand)
    .callsFake(getApplicationRevision(state))
    .on(PutLifecycleEventHookExecutionStatusCommand)
    .callsFake(putLifecycleEventHookExecutionStatus(state));
  mocks.lambda.on(InvokeCommand).callsFake(invoke(state));
  mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake(describeAlarms(state));
  mocks.ssm.on(GetParametersByPathCommand).callsFake(getParametersByPath(parameters));
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
