import { type AlarmType, CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  type ServiceDeploymentStatus,
} from '@aws-sdk/client-ecs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { type Endpoint, startEndpoint } from '../../local/endpoint/server';
import type { EndpointState } from '../../local/endpoint/state';
import { readState } from '../support/samples';
import * as hook from '../unit/deploy-hook/answers';
import * as notifier from '../unit/notifier/answers';
import { appSpecSha256, getDeployment, getParametersByPath } from '../unit/sample-answers';

/** Members the endpoint makes up (not in the seeded state): the unit answers leave them out. */
const MADE_UP = new Set([
  '$metadata',
  'ARN',
  'LastModifiedDate',
  'AlarmArn',
  'StateUpdatedTimestamp',
  'MessageId',
]);

/** Comparable form of an SDK output: Dates as ISO text, bytes as text, made-up and empty members dropped. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(comparable);
  if (!value || typeof value !== 'object') return value;
  const members = Object.entries(value).filter(([key, member]) => !MADE_UP.has(key) && member !== undefined);
  return Object.fromEntries(members.map(([key, member]) => [key, comparable(member)]));
}

/** The output, or the error's class and name, of an answer. */
async function settle(answer: () => unknown) {
  try {
    return { output: comparable(await answer()) };
  } catch (error) {
    return { error: { type: (error as Error).constructor, name: (error as Error).name } };
  }
}

type Sender = { send(command: unknown): Promise<unknown> };
type CommandClass<I> = new (input: I) => unknown;

/**
 * Checks, for every generated input, that the unit-test answer equals what the SDK gets over the wire
 * from the loopback endpoint seeded with the same state.
 */
async function agree<I extends object>(
  client: Sender,
  Command: CommandClass<I>,
  answer: (input: I) => unknown,
  inputs: fc.Arbitrary<I>,
) {
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const wire = await settle(() => client.send(new Command(structuredClone(input))));
      const unit = await settle(() => answer(structuredClone(input)));
      expect(unit).toEqual(wire);
    }),
    { numRuns: 40 },
  );
}

const clients = (endpoint: Endpoint) => {
  const config = { endpoint: endpoint.url, maxAttempts: 1 };
  return {
    codedeploy: new CodeDeployClient(config) as unknown as Sender,
    lambda: new LambdaClient(config) as unknown as Sender,
    cloudwatch: new CloudWatchClient(config) as unknown as Sender,
    ssm: new SSMClient(config) as unknown as Sender,
    codepipeline: new CodePipelineClient(config) as unknown as Sender,
    sns: new SNSClient(config) as unknown as Sender,
    ecs: new ECSClient(config) as unknown as Sender,
  };
};

/** Sub-paths of parameter names (`/a`, `/a/b`, ...), with and without a trailing slash. */
const pathsOf = (names: string[]) =>
  names.flatMap((name) => {
    const parts = name.split('/').slice(1);
    return parts.flatMap((_, i) => [`/${parts.slice(0, i).join('/')}`, `/${parts.slice(0, i).join('/')}/`]);
  });

describe('unit-test answers of the deploy hook agree with the loopback endpoint (local/state/deploy-hook.json)', () => {
  const state = readState<hook.HookState>('deploy-hook');
  const deployments = Object.keys(state.codedeploy.deployments);
  const applications = Object.values(state.codedeploy.deployments).map((d) => String(d.applicationName));
  const appSpecs = Object.values(state.codedeploy.deployments).map(
    (d) => (d.revision as { appSpecContent: { content: string } }).appSpecContent.content,
  );
  const functions = Object.keys(state.lambda.functions);
  const alarms = state.cloudwatch.alarms.map((a) => a.name);
  const deploymentId = fc.oneof(fc.constantFrom(...deployments), fc.constant('d-NOSUCH01'));
  let endpoint: Endpoint;
  let aws: ReturnType<typeof clients>;
  beforeAll(async () => {
    endpoint = await startEndpoint({ state: state as EndpointState, region: 'eu-west-1' });
    aws = clients(endpoint);
  });
  afterAll(() => endpoint.close());

  it('answers GetDeployment alike: dates, the AppSpec sha256 only, DeploymentDoesNotExistException', async () => {
    await agree(
      aws.codedeploy,
      GetDeploymentCommand,
      getDeployment(state.codedeploy.deployments),
      fc.record({ deploymentId }),
    );
  });

  it('answers GetApplicationRevision alike: the AppSpec by application and sha256, RevisionDoesNotExistException', async () => {
    const sha256 = fc.oneof(fc.constantFrom(...appSpecs.map(appSpecSha256)), fc.constant('0'.repeat(64)));
    const input = fc.record({
      applicationName: fc.oneof(fc.constantFrom(...applications), fc.constant('other-app')),
      revision: fc.record({
        revisionType: fc.constant('AppSpecContent' as const),
        appSpecContent: fc.record({ sha256 }),
      }),
    });
    await agree(aws.codedeploy, GetApplicationRevisionCommand, hook.getApplicationRevision(state), input);
  });

  it('answers PutLifecycleEventHookExecutionStatus alike for a first report', async () => {
    const input = fc.record({
      deploymentId,
      lifecycleEventHookExecutionId: fc.uuid(),
      status: fc.constantFrom('Succeeded' as const, 'Failed' as const),
    });
    await agree(
      aws.codedeploy,
      PutLifecycleEventHookExecutionStatusCommand,
      hook.putLifecycleEventHookExecutionStatus(state),
      input,
    );
  });

  it('answers Invoke alike: payload, FunctionError and executed version by name and qualifier', async () => {
    const named = functions.map((f) => f.split(':') as [string, string]);
    const input = fc.record(
      {
        FunctionName: fc.constantFrom(...named.map(([name]) => name), 'no-such-function'),
        Qualifier: fc.constantFrom(...named.map(([, qualifier]) => qualifier), '1', '$LATEST'),
        Payload: fc.constant(Buffer.from('{"source":"pipewright.smoke-test"}')),
      },
      { requiredKeys: ['FunctionName', 'Payload'] },
    );
    await agree(aws.lambda, InvokeCommand, hook.invoke(state), input);
  });

  it('answers DescribeAlarms alike, by names or by prefix', async () => {
    const byNames = fc.record({
      AlarmNames: fc.subarray([...alarms, 'no-such-alarm'], { minLength: 1 }),
      AlarmTypes: fc.constant<AlarmType[]>(['MetricAlarm', 'CompositeAlarm']),
    });
    const byPrefix = fc.record({
      AlarmNamePrefix: fc.constantFrom(...alarms.flatMap((a) => [a.slice(0, 7), a.slice(0, 11), a]), 'zzz'),
      AlarmTypes: fc.constant<AlarmType[]>(['MetricAlarm', 'CompositeAlarm']),
    });
    await agree(
      aws.cloudwatch,
      DescribeAlarmsCommand,
      hook.describeAlarms(state),
      fc.oneof(byNames, byPrefix),
    );
  });

  it('answers DescribeServiceDeployments alike: the seeded deployments with their dates, MISSING failures', async () => {
    const arns = Object.keys(state.ecs.serviceDeployments);
    const input = fc.record({
      serviceDeploymentArns: fc.subarray([...arns, `${arns[0]}x`], { minLength: 1 }),
    });
    await agree(aws.ecs, DescribeServiceDeploymentsCommand, hook.describeServiceDeployments(state), input);
  });

  it('answers ListServiceDeployments alike: by service and cluster, name or ARN, status filter, ServiceNotFoundException', async () => {
    const services = Object.values(state.ecs.serviceDeployments).map((d) => String(d.serviceArn));
    const input = fc.record(
      {
        service: fc.constantFrom(
          ...services,
          ...services.map((arn) => arn.split('/').at(-1)!),
          'no-such-service',
        ),
        cluster: fc.constantFrom(
          'shop-prod',
          'arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod',
          'default',
        ),
        status: fc.subarray<ServiceDeploymentStatus>(['IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'SUCCESSFUL'], {
          minLength: 1,
        }),
      },
      { requiredKeys: ['service'] },
    );
    await agree(aws.ecs, ListServiceDeploymentsCommand, hook.listServiceDeployments(state), input);
  });

  it('answers GetParametersByPath alike under every path of the seeded names, recursive or not', async () => {
    const parameters = () =>
      state.ssm.parameters.map((p) => ({ Name: p.name, Type: 'String' as const, Value: p.value }));
    const input = fc.record({
      Path: fc.constantFrom(...pathsOf(state.ssm.parameters.map((p) => p.name))),
      Recursive: fc.boolean(),
    });
    await agree(aws.ssm, GetParametersByPathCommand, getParametersByPath(parameters), input);
  });
});

describe('unit-test answers of the notifier agree with the loopback endpoint (local/state/notifier.json)', () => {
  const state = readState<notifier.NotifierState>('notifier');
  const pipelines = Object.keys(state.codepipeline.pipelines);
  const executions = Object.values(state.codepipeline.pipelines).flatMap((p) =>
    p.executions.map((e) => String(e.pipelineExecutionId)),
  );
  const pipelineName = fc.oneof(fc.constantFrom(...pipelines), fc.constant('no-such-pipeline'));
  const executionId = fc.oneof(fc.constantFrom(...executions), fc.uuid());
  let endpoint: Endpoint;
  let aws: ReturnType<typeof clients>;
  beforeAll(async () => {
    endpoint = await startEndpoint({ state: state as EndpointState, region: 'eu-west-1' });
    aws = clients(endpoint);
  });
  afterAll(() => endpoint.close());

  it('answers ListPipelineExecutions alike (newest first, dates) for the page the notifier reads', async () => {
    const input = fc.record({ pipelineName, maxResults: fc.constant(25) });
    await agree(
      aws.codepipeline,
      ListPipelineExecutionsCommand,
      notifier.listPipelineExecutions(state),
      input,
    );
  });

  it('answers GetPipelineExecution alike: only the members of a PipelineExecution', async () => {
    const input = fc.record({ pipelineName, pipelineExecutionId: executionId });
    await agree(aws.codepipeline, GetPipelineExecutionCommand, notifier.getPipelineExecution(state), input);
  });

  it('answers ListActionExecutions alike, filtered by execution or not', async () => {
    const input = fc.record(
      { pipelineName, filter: fc.record({ pipelineExecutionId: executionId }), maxResults: fc.constant(100) },
      { requiredKeys: ['pipelineName'] },
    );
    await agree(aws.codepipeline, ListActionExecutionsCommand, notifier.listActionExecutions(state), input);
  });

  it('answers GetDeployment alike for the notifier deployments', async () => {
    const ids = Object.keys(state.codedeploy.deployments);
    const input = fc.record({ deploymentId: fc.constantFrom(...ids, 'd-NOSUCH01') });
    await agree(aws.codedeploy, GetDeploymentCommand, getDeployment(state.codedeploy.deployments), input);
  });

  it('answers Publish alike: accepted on a seeded topic, NotFoundException on another', async () => {
    const input = fc.record({
      TopicArn: fc.constantFrom(...state.sns.topics, 'arn:aws:sns:eu-west-1:123456789012:Other'),
      Subject: fc.constant('[FAILED] pipewright-prod'),
      Message: fc.constant('Pipeline pipewright-prod FAILED'),
    });
    await agree(aws.sns, PublishCommand, notifier.publish(state), input);
  });
});
