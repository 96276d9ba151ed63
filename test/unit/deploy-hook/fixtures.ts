import { DescribeAlarmsCommand, CloudWatchClient, type StateValue } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  DeploymentDoesNotExistException,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  RevisionDoesNotExistException,
  PutLifecycleEventHookExecutionStatusCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearConfigCache } from '../../../functions/lib/config';

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
 * The deployment of a sample event as the real GetDeployment returns it: "the content property of the
 * appSpecContent object in the returned revision is always null" — only its sha256.
 */
export function deploymentOf(id: string): DeploymentInfo {
  const info = storedDeployment(id);
  const appSpec = info.revision?.appSpecContent;
  if (!appSpec) return info;
  return { ...info, revision: { ...info.revision, appSpecContent: { sha256: appSpec.sha256 } } };
}

export const mocks = {
  codedeploy: mockClient(CodeDeployClient),
  lambda: mockClient(LambdaClient),
  cloudwatch: mockClient(CloudWatchClient),
  ssm: mockClient(SSMClient),
};

/** CodeDeploy's answer to any call about a deployment that is not in the sample state. */
function assertDeploymentExists(deploymentId: string): void {
  if (state.codedeploy.deployments[deploymentId]) return;
  throw new DeploymentDoesNotExistException({
    message: `The deployment ${deploymentId} could not be found`,
    $metadata: {},
  });
}

/** Mocks answer from the sample state; a test overrides what it needs afterwards. */
export function answerFromState(options: { withConfig?: boolean } = {}): void {
  Object.values(mocks).forEach((mock) => mock.reset());
  clearConfigCache();
  mocks.codedeploy.on(GetDeploymentCommand).callsFake(({ deploymentId }: { deploymentId: string }) => {
    assertDeploymentExists(deploymentId);
    return { deploymentInfo: deploymentOf(deploymentId) };
  });
  mocks.codedeploy.on(GetApplicationRevisionCommand).callsFake(({ applicationName, revision }) => {
    const wanted = revision?.appSpecContent?.sha256;
    const found = Object.keys(state.codedeploy.deployments)
      .map(storedDeployment)
      .find(
        (info) =>
          info.applicationName === applicationName && info.revision?.appSpecContent?.sha256 === wanted,
      );
    if (!found) {
      throw new RevisionDoesNotExistException({
        message: `No revision ${wanted} in application ${applicationName}`,
        $metadata: {},
      });
    }
    return { applicationName, revision: found.revision, revisionInfo: {} };
  });
  mocks.codedeploy
    .on(PutLifecycleEventHookExecutionStatusCommand)
    .callsFake(({ deploymentId }: { deploymentId: string }) => {
      assertDeploymentExists(deploymentId);
      return {};
    });
  mocks.lambda
    .on(InvokeCommand)
    .callsFake(({ FunctionName, Qualifier }: { FunctionName: string; Qualifier?: string }) => {
      const answer =
        state.lambda.functions[`${FunctionName}:${Qualifier}`] ?? state.lambda.functions[FunctionName];
      if (!answer)
        throw Object.assign(new Error(`Function not found: ${FunctionName}:${Qualifier}`), {
          name: 'ResourceNotFoundException',
        });
      return {
        StatusCode: 200,
        FunctionError: answer.functionError,
        Payload: Buffer.from(JSON.stringify(answer.payload)),
      };
    });
  mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake(({ AlarmNames }: { AlarmNames?: string[] }) => ({
    MetricAlarms: state.cloudwatch.alarms
      .filter((alarm) => AlarmNames?.includes(alarm.name))
      .map((alarm) => ({
        AlarmName: alarm.name,
        StateValue: alarm.state as StateValue,
        StateReason: alarm.reason,
      })),
  }));
  const parameters = options.withConfig === false ? [] : state.ssm.parameters;
  mocks.ssm.on(GetParametersByPathCommand).callsFake(({ Path }: { Path: string }) => ({
    Parameters: parameters
      .filter((p) => p.name.startsWith(`${Path}/`))
      .map((p) => ({ Name: p.name, Value: p.value, Type: p.type as 'String' })),
  }));
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

/** Restores process.env after each test of the file that calls it. */
export function restoreEnvAfterEach(): void {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/dev/';
  });
  afterEach(() => {
    process.env = { ...saved };
  });
}
