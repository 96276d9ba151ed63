import type { DescribeAlarmsCommandInput, DescribeAlarmsOutput } from '@aws-sdk/client-cloudwatch';
import {
  DeploymentDoesNotExistException,
  RevisionDoesNotExistException,
  type GetApplicationRevisionCommandInput,
  type GetApplicationRevisionOutput,
  type PutLifecycleEventHookExecutionStatusCommandInput,
  type PutLifecycleEventHookExecutionStatusOutput,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import {
  ResourceNotFoundException,
  type InvocationRequest,
  type InvocationResponse,
} from '@aws-sdk/client-lambda';
import { awsError } from '../../support/aws-error';
import { appSpecSha256, type Seeded } from '../sample-answers';

/**
 * The deploy hook's AWS answers over the seeded state (local/state/deploy-hook.json), for
 * aws-sdk-client-mock's `.callsFake(...)`. Each reads the state at every call, so a test may change it.
 */

/** The part of local/state/deploy-hook.json the hook's answers are built from. */
export interface HookState {
  ssm: { parameters: Array<{ name: string; type: string; value: string }> };
  cloudwatch: { alarms: Array<{ name: string; state: string; reason: string }> };
  codedeploy: { deployments: Record<string, Seeded> };
  lambda: { functions: Record<string, { payload: unknown; functionError?: string }> };
}

/** `GetApplicationRevision`: the AppSpec of a seeded deployment of that application with that sha256. */
export function getApplicationRevision(state: HookState) {
  return ({
    applicationName,
    revision,
  }: GetApplicationRevisionCommandInput): GetApplicationRevisionOutput => {
    const wanted = revision?.appSpecContent?.sha256;
    const content = Object.values(state.codedeploy.deployments)
      .filter((info) => info.applicationName === applicationName)
      .map((info) => (info.revision as RevisionLocation | undefined)?.appSpecContent?.content)
      .find((text) => text !== undefined && appSpecSha256(text) === wanted);
    if (content === undefined) {
      throw awsError(
        RevisionDoesNotExistException,
        `No revision ${wanted} in application ${applicationName}`,
      );
    }
    return {
      applicationName,
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content, sha256: wanted } },
      revisionInfo: {},
    };
  };
}

/** `PutLifecycleEventHookExecutionStatus`: accepted for a seeded deployment. */
export function putLifecycleEventHookExecutionStatus(state: HookState) {
  return ({
    deploymentId = '',
    lifecycleEventHookExecutionId,
  }: PutLifecycleEventHookExecutionStatusCommandInput): PutLifecycleEventHookExecutionStatusOutput => {
    if (!state.codedeploy.deployments[deploymentId]) {
      throw awsError(DeploymentDoesNotExistException, `The deployment ${deploymentId} could not be found`);
    }
    return { lifecycleEventHookExecutionId };
  };
}

/** `Invoke` (RequestResponse): the seeded answer of `name:qualifier`, or else of `name`. */
export function invoke(state: HookState) {
  return ({ FunctionName = '', Qualifier }: InvocationRequest): InvocationResponse => {
    const { functions } = state.lambda;
    const fn = (Qualifier ? functions[`${FunctionName}:${Qualifier}`] : undefined) ?? functions[FunctionName];
    if (!fn) {
      const name = `${FunctionName}${Qualifier ? `:${Qualifier}` : ''}`;
      throw awsError(ResourceNotFoundException, `Function not found: ${name}`, 404);
    }
    return {
      StatusCode: 200,
      ExecutedVersion: Qualifier && /^\d+$/.test(Qualifier) ? Qualifier : '$LATEST',
      FunctionError: fn.functionError,
      Payload: Buffer.from(JSON.stringify(fn.payload ?? null)),
    };
  };
}

/** `DescribeAlarms`: the seeded (metric) alarms by name or by prefix, in one page. */
export function describeAlarms(state: HookState) {
  return ({ AlarmNames, AlarmNamePrefix }: DescribeAlarmsCommandInput): DescribeAlarmsOutput => {
    const alarms = state.cloudwatch.alarms.filter(
      (a) =>
        (!AlarmNames || AlarmNames.includes(a.name)) &&
        (!AlarmNamePrefix || a.name.startsWith(AlarmNamePrefix)),
    );
    return {
      MetricAlarms: alarms.map((a) => ({
        AlarmName: a.name,
        StateValue: a.state as 'OK' | 'ALARM' | 'INSUFFICIENT_DATA',
        StateReason: a.reason,
      })),
      CompositeAlarms: [],
    };
  };
}
