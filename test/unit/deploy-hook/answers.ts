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
import {
  type DescribeServiceDeploymentsCommandInput,
  type DescribeServiceDeploymentsResponse,
  type ListServiceDeploymentsCommandInput,
  type ListServiceDeploymentsResponse,
  type ServiceDeployment,
  InvalidParameterException,
  ServiceNotFoundException,
} from '@aws-sdk/client-ecs';
import { awsError } from '../../support/aws-error';
import { ECS_DATE_MEMBERS, appSpecSha256, withDates, type Seeded } from '../sample-answers';

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
  ecs: { serviceDeployments: Record<string, Seeded> };
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

/** The seeded service deployments as the SDK returns them (dates as `Date`s), each with its ARN. */
function serviceDeployments(state: HookState): ServiceDeployment[] {
  return Object.entries(state.ecs.serviceDeployments).map(([arn, seeded]) =>
    withDates<ServiceDeployment>({ ...seeded, serviceDeploymentArn: arn }, ECS_DATE_MEMBERS),
  );
}

/** `DescribeServiceDeployments`: the seeded ones asked for; the others as `failures` with reason `MISSING`. */
export function describeServiceDeployments(state: HookState) {
  return ({
    serviceDeploymentArns = [],
  }: DescribeServiceDeploymentsCommandInput): DescribeServiceDeploymentsResponse => {
    if (serviceDeploymentArns.length < 1 || serviceDeploymentArns.length > 20) {
      throw awsError(InvalidParameterException, 'serviceDeploymentArns must hold 1 to 20 ARNs');
    }
    const found = serviceDeployments(state).filter((d) =>
      serviceDeploymentArns.includes(d.serviceDeploymentArn!),
    );
    const failures = serviceDeploymentArns
      .filter((arn) => !found.some((d) => d.serviceDeploymentArn === arn))
      .map((arn) => ({ arn, reason: 'MISSING' }));
    return { serviceDeployments: found, failures };
  };
}

/** `ListServiceDeployments`: the service's seeded deployments with those statuses, newest first, in one page. */
export function listServiceDeployments(state: HookState) {
  const names = (value: string, arn?: string) => arn === value || !!arn?.endsWith(`/${value}`);
  return ({
    cluster = 'default',
    service = '',
    status,
  }: ListServiceDeploymentsCommandInput): ListServiceDeploymentsResponse => {
    const ofService = serviceDeployments(state).filter(
      (d) => names(service, d.serviceArn) && names(cluster, d.clusterArn),
    );
    if (ofService.length === 0) throw awsError(ServiceNotFoundException, 'Service not found.');
    return {
      serviceDeployments: ofService
        .filter((d) => !status || status.includes(d.status!))
        .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())
        .map((d) => ({
          serviceDeploymentArn: d.serviceDeploymentArn,
          serviceArn: d.serviceArn,
          clusterArn: d.clusterArn,
          createdAt: d.createdAt,
          startedAt: d.startedAt,
          targetServiceRevisionArn: d.targetServiceRevision?.arn,
          status: d.status,
        })),
    };
  };
}
