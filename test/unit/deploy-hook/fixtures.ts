import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  type DeploymentInfo,
  type GetDeploymentCommandOutput,
} from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearConfigCache } from '../../../functions/lib/config';
import { answerFromEndpoint, endpointAnswer, worldOf } from '../aws-from-endpoint';

/**
 * The hook's function name as the local runner resolves it (`CodeDeployHook_${AWS::StackName}`, stack
 * `pipewright-local`): the sample AppSpecs name it, so the hook knows its lifecycle event.
 */
export const HOOK_NAME = 'CodeDeployHook_pipewright-local';

const root = join(__dirname, '../../..');

/** A sample hook event from events/deploy-hook/. */
export function hookEvent(name: string): Record<string, string> {
  return JSON.parse(readFileSync(join(root, 'events/deploy-hook', `${name}.json`), 'utf8'));
}

interface State {
  ssm: { parameters: Array<{ name: string; type: string; value: string }> };
  cloudwatch: { alarms: Array<{ name: string; state: string; reason: string }> };
  codedeploy: { deployments: Record<string, Record<string, unknown>> };
  lambda: { functions: Record<string, { payload: unknown; functionError?: string }> };
}

/** The loopback state the sample events are written against (local/state/deploy-hook.json). */
export const state: State = JSON.parse(readFileSync(join(root, 'local/state/deploy-hook.json'), 'utf8'));

/** The deployment of a sample event as stored, AppSpec content inline (older or other API shapes). */
export function storedDeployment(id: string): DeploymentInfo {
  const raw = state.codedeploy.deployments[id];
  if (!raw) throw new Error(`no deployment ${id} in local/state/deploy-hook.json`);
  return { ...raw, createTime: new Date((raw.createTime as number) * 1000) } as DeploymentInfo;
}

/**
 * The deployment of a sample event as the loopback endpoint's GetDeployment returns it, like the real
 * one: "the content property of the appSpecContent object in the returned revision is always null" —
 * only its sha256.
 */
export async function deploymentOf(id: string): Promise<DeploymentInfo> {
  const command = new GetDeploymentCommand({ deploymentId: id });
  const output = await endpointAnswer<GetDeploymentCommandOutput>(
    worldOf(state),
    new CodeDeployClient({}),
    command,
  );
  return output.deploymentInfo!;
}

export const mocks = {
  codedeploy: mockClient(CodeDeployClient),
  lambda: mockClient(LambdaClient),
  cloudwatch: mockClient(CloudWatchClient),
  ssm: mockClient(SSMClient),
};

/**
 * Mocks answer from the loopback endpoint seeded with the sample state (`withConfig: false`: without
 * its Parameter Store configuration); a test overrides what it needs afterwards.
 */
export function answerFromState(options: { withConfig?: boolean } = {}): void {
  Object.values(mocks).forEach((mock) => mock.reset());
  clearConfigCache();
  world = worldOf(options.withConfig === false ? { ...state, ssm: { ...state.ssm, parameters: [] } } : state);
  answerFromEndpoint(mocks.codedeploy, world, [
    GetDeploymentCommand,
    GetApplicationRevisionCommand,
    PutLifecycleEventHookExecutionStatusCommand,
  ]);
  answerFromEndpoint(mocks.lambda, world, [InvokeCommand]);
  answerFromEndpoint(mocks.cloudwatch, world, [DescribeAlarmsCommand]);
  answerFromEndpoint(mocks.ssm, world, [GetParametersByPathCommand]);
}

let world: ReturnType<typeof worldOf> | undefined;

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
  stub.callsFake((input: never, getClient: () => unknown) =>
    endpointAnswer(world!, getClient() as never, new Command(input) as never),
  );
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
