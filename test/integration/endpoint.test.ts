import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetAutomationExecutionCommand,
  GetCalendarStateCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMClient,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { unzipSync } from 'fflate';
import { type Endpoint, startEndpoint } from '../../local/endpoint/server';
import type { EndpointState } from '../../local/endpoint/state';
import { formatCall } from '../../local/endpoint/format';
import { World } from '../../local/endpoint/world';
import { inProcessHandler } from './in-process-handler';

const REGION = 'eu-west-1';
const TOPIC = `arn:aws:sns:${REGION}:123456789012:NotificationTopic`;

const state: EndpointState = {
  ssm: {
    parameters: [
      ...Array.from({ length: 12 }, (_, i) => ({
        name: `/app/dev/key-${String(i).padStart(2, '0')}`,
        value: `v${i}`,
      })),
      { name: '/app/dev/nested/deep', value: 'deep' },
      { name: '/app/dev/db-password', type: 'SecureString', value: 's3cr3t-value' },
    ],
    calendars: {
      freeze: { state: 'CLOSED', nextTransitionTime: '2026-12-01T08:00:00Z' },
      open: { state: 'OPEN' },
    },
    automationDocuments: {
      Restart: { steps: [{ name: 'stop' }, { name: 'start' }], finalStatus: 'Success' },
    },
  },
  cloudwatch: {
    alarms: [
      { name: 'api-5xx', state: 'ALARM', reason: 'Threshold Crossed' },
      { name: 'api-health', state: 'OK', type: 'CompositeAlarm' },
    ],
  },
  codepipeline: {
    completedJobs: ['done-job'],
    pipelines: {
      prod: {
        executions: [
          { pipelineExecutionId: 'e1', status: 'Succeeded', startTime: '2026-01-01T00:00:00Z' },
          { pipelineExecutionId: 'e2', status: 'Failed', startTime: '2026-01-02T00:00:00Z' },
        ],
      },
    },
  },
  codedeploy: {
    deployments: {
      'd-OK': { applicationName: 'app', status: 'InProgress', createTime: '2026-01-01T00:00:00Z' },
    },
  },
  lambda: {
    functions: {
      'api:7': { payload: { ok: true } },
      'api:8': { functionError: 'Unhandled', payload: { errorMessage: 'boom' } },
    },
  },
  s3: { objects: [{ bucket: 'artifacts', key: 'pipe/Source/abc', zip: { 'smoke.json': '{"url":"x"}' } }] },
  sns: { topics: [TOPIC] },
};

describe('loopback endpoint', () => {
  let endpoint: Endpoint;
  const config = () => ({ endpoint: endpoint.url, maxAttempts: 3 });

  beforeEach(async () => {
    endpoint = await startEndpoint({ state: structuredClone(state), region: REGION });
  });
  afterEach(async () => {
    await endpoint.close();
  });

  it('answers CodePipeline job results once, then InvalidJobStateException', async () => {
    const client = new CodePipelineClient(config());
    await client.send(new PutJobSuccessResultCommand({ jobId: 'j1', outputVariables: { a: '1' } }));
    await expect(
      client.send(
        new PutJobFailureResultCommand({ jobId: 'j1', failureDetails: { type: 'JobFailed', message: 'x' } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidJobStateException' });
    await expect(client.send(new PutJobSuccessResultCommand({ jobId: 'done-job' }))).rejects.toMatchObject({
      name: 'InvalidJobStateException',
    });
  });

  it('rejects a failure result whose type CodePipeline does not know', async () => {
    const client = new CodePipelineClient(config());
    const bad = { jobId: 'j2', failureDetails: { type: 'Nope' as never, message: 'x' } };
    await expect(client.send(new PutJobFailureResultCommand(bad))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('returns pipeline executions newest first with timestamps as dates', async () => {
    const client = new CodePipelineClient(config());
    const list = await client.send(new ListPipelineExecutionsCommand({ pipelineName: 'prod' }));
    expect(list.pipelineExecutionSummaries?.map((e) => e.pipelineExecutionId)).toEqual(['e2', 'e1']);
    expect(list.pipelineExecutionSummaries?.[0]?.startTime).toEqual(new Date('2026-01-02T00:00:00Z'));
    const got = await client.send(
      new GetPipelineExecutionCommand({ pipelineName: 'prod', pipelineExecutionId: 'e2' }),
    );
    expect(got.pipelineExecution?.status).toBe('Failed');
    await expect(
      client.send(new ListPipelineExecutionsCommand({ pipelineName: 'nope' })),
    ).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
  });

  it('accepts one status per CodeDeploy hook and knows only seeded deployments', async () => {
    const client = new CodeDeployClient(config());
    const deployment = await client.send(new GetDeploymentCommand({ deploymentId: 'd-OK' }));
    expect(deployment.deploymentInfo?.createTime).toEqual(new Date('2026-01-01T00:00:00Z'));
    const put = { deploymentId: 'd-OK', lifecycleEventHookExecutionId: 'h1', status: 'Succeeded' as const };
    await client.send(new PutLifecycleEventHookExecutionStatusCommand(put));
    await expect(client.send(new PutLifecycleEventHookExecutionStatusCommand(put))).rejects.toMatchObject({
      name: 'LifecycleEventAlreadyCompletedException',
    });
    await expect(client.send(new GetDeploymentCommand({ deploymentId: 'd-NO' }))).rejects.toMatchObject({
      name: 'DeploymentDoesNotExistException',
    });
  });

  it('pages GetParametersByPath by 10, honours Recursive and only decrypts when asked', async () => {
    const client = new SSMClient(config());
    const first = await client.send(new GetParametersByPathCommand({ Path: '/app/dev/', Recursive: true }));
    expect(first.Parameters).toHaveLength(10);
    const second = await client.send(
      new GetParametersByPathCommand({ Path: '/app/dev/', Recursive: true, NextToken: first.NextToken }),
    );
    expect(second.Parameters).toHaveLength(4);
    expect(second.NextToken).toBeUndefined();
    const flat = await client.send(
      new GetParametersByPathCommand({ Path: '/app/dev', MaxResults: 10, NextToken: '10' }),
    );
    expect(flat.Parameters?.map((p) => p.Name)).not.toContain('/app/dev/nested/deep');
    const secret = [...(first.Parameters ?? []), ...(second.Parameters ?? [])].find(
      (p) => p.Type === 'SecureString',
    );
    expect(secret?.Value).not.toBe('s3cr3t-value');
    const decrypted = await client.send(
      new GetParameterCommand({ Name: '/app/dev/db-password', WithDecryption: true }),
    );
    expect(decrypted.Parameter?.Value).toBe('s3cr3t-value');
  });

  it('answers ParameterNotFound and lists unknown names of GetParameters as invalid', async () => {
    const client = new SSMClient(config());
    await expect(client.send(new GetParameterCommand({ Name: '/nope' }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    const got = await client.send(new GetParametersCommand({ Names: ['/app/dev/key-00', '/nope'] }));
    expect(got.InvalidParameters).toEqual(['/nope']);
  });

  it('reports a calendar CLOSED when any calendar is closed', async () => {
    const client = new SSMClient(config());
    const got = await client.send(
      new GetCalendarStateCommand({ CalendarNames: ['open', 'arn:aws:ssm:eu-west-1:1:document/freeze'] }),
    );
    expect(got).toMatchObject({ State: 'CLOSED', NextTransitionTime: '2026-12-01T08:00:00Z' });
  });

  it('advances an automation execution one step per GetAutomationExecution', async () => {
    const client = new SSMClient(config());
    const { AutomationExecutionId } = await client.send(
      new StartAutomationExecutionCommand({ DocumentName: 'Restart' }),
    );
    const poll = () => client.send(new GetAutomationExecutionCommand({ AutomationExecutionId }));
    expect((await poll()).AutomationExecution?.AutomationExecutionStatus).toBe('InProgress');
    expect((await poll()).AutomationExecution?.AutomationExecutionStatus).toBe('Success');
  });

  it('returns only metric alarms unless composite alarms are asked for', async () => {
    const client = new CloudWatchClient(config());
    const metric = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'api-' }));
    expect(metric.MetricAlarms?.map((a) => a.StateValue)).toEqual(['ALARM']);
    expect(metric.CompositeAlarms).toEqual([]);
    const both = await client.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'api-', AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }),
    );
    expect(both.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(['api-health']);
  });

  it('publishes to a known SNS topic and answers NotFound or InvalidParameter otherwise', async () => {
    const client = new SNSClient(config());
    const sent = await client.send(
      new PublishCommand({ TopicArn: TOPIC, Subject: '[FAILED] prod', Message: 'text' }),
    );
    expect(sent.MessageId).toBeDefined();
    expect(endpoint.published).toEqual([
      expect.objectContaining({ subject: '[FAILED] prod', message: 'text' }),
    ]);
    await expect(
      client.send(new PublishCommand({ TopicArn: `${TOPIC}-x`, Message: 'm' })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
    const json = { TopicArn: TOPIC, Message: '{"email":"x"}', MessageStructure: 'json' };
    await expect(client.send(new PublishCommand(json))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      client.send(new PublishCommand({ TopicArn: TOPIC, Subject: 'a\nb', Message: 'm' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('invokes a seeded Lambda version and reports its function error', async () => {
    const client = new LambdaClient(config());
    const ok = await client.send(new InvokeCommand({ FunctionName: 'api', Qualifier: '7', Payload: '{}' }));
    expect(ok).toMatchObject({ StatusCode: 200, ExecutedVersion: '7' });
    expect(JSON.parse(Buffer.from(ok.Payload ?? []).toString())).toEqual({ ok: true });
    const failed = await client.send(
      new InvokeCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:api:8' }),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    await expect(client.send(new InvokeCommand({ FunctionName: 'other' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('serves S3 objects path-style, zips included, and NoSuchKey otherwise', async () => {
    const client = new S3Client(config());
    const got = await client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'pipe/Source/abc' }));
    const files = unzipSync(await got.Body!.transformToByteArray());
    expect(Buffer.from(files['smoke.json']!).toString()).toBe('{"url":"x"}');
    await expect(
      client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'nope' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('injects faults in each protocol shape; the SDK retries throttling and 5xx', async () => {
    endpoint.calls.length = 0;
    const faults: EndpointState['faults'] = [
      { operation: 'ssm:GetParameter', error: 'ThrottlingException', times: 1 },
      { operation: 'cloudwatch:DescribeAlarms', error: 'Throttling', times: 1 },
      { operation: 'sns:Publish', error: 'InternalError', status: 500, times: 1 },
      { operation: 'lambda:InvokeFunction', error: 'TooManyRequestsException', status: 429, times: 1 },
      { operation: 's3:GetObject', error: 'AccessDenied', status: 403 },
      { operation: 'codedeploy:GetDeployment', error: 'AccessDeniedException' },
    ];
    await endpoint.close();
    endpoint = await startEndpoint({ state: { ...structuredClone(state), faults } });
    await new SSMClient(config()).send(new GetParameterCommand({ Name: '/app/dev/key-01' }));
    await new CloudWatchClient(config()).send(new DescribeAlarmsCommand({}));
    await new SNSClient(config()).send(new PublishCommand({ TopicArn: TOPIC, Message: 'm' }));
    await new LambdaClient(config()).send(new InvokeCommand({ FunctionName: 'api', Qualifier: '7' }));
    await expect(
      new S3Client(config()).send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'pipe/Source/abc' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      new CodeDeployClient(config()).send(new GetDeploymentCommand({ deploymentId: 'd-OK' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const outcomes = endpoint.calls.map((c) => `${c.service}:${c.operation}:${c.outcome}`);
    expect(outcomes.slice(0, 8)).toEqual([
      'ssm:GetParameter:ThrottlingException',
      'ssm:GetParameter:ok',
      'cloudwatch:DescribeAlarms:Throttling',
      'cloudwatch:DescribeAlarms:ok',
      'sns:Publish:InternalError',
      'sns:Publish:ok',
      'lambda:Invoke:TooManyRequestsException',
      'lambda:Invoke:ok',
    ]);
  });

  it('answers late under a slow fault; a client that stops waiting retries and gets the next, prompt answer', async () => {
    const faults: EndpointState['faults'] = [
      { operation: 'codedeploy:GetDeployment', delayMs: 60_000, times: 1 },
      { operation: 'codedeploy:GetDeployment', error: 'InternalFailure', status: 500, delayMs: 10, times: 1 },
    ];
    await endpoint.close();
    endpoint = await startEndpoint({ state: { ...structuredClone(state), faults } });
    const client = new CodeDeployClient({
      ...config(),
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
    });

    const answer = await client.send(new GetDeploymentCommand({ deploymentId: 'd-OK' }));

    expect(answer.deploymentInfo?.applicationName).toBe('app');
    expect(answer.$metadata.attempts).toBe(3); // timed out, then 500, then ok
    // The call whose client gave up has no effect: recorded as ClientClosed (when it is handled), never as ok.
    expect(endpoint.calls.map((c) => c.outcome).filter((o) => o !== 'ClientClosed')).toEqual([
      'InternalFailure',
      'ok',
    ]);
  });

  it('records each call on one line without secret values', async () => {
    const client = new CodePipelineClient(config());
    await client.send(
      new PutJobFailureResultCommand({
        jobId: 'j9',
        failureDetails: { type: 'JobFailed', message: 'alarm api-5xx' },
      }),
    );
    await new SSMClient(config()).send(
      new GetParameterCommand({ Name: '/app/dev/db-password', WithDecryption: true }),
    );
    const lines = endpoint.calls.map(formatCall);
    expect(lines[0]).toBe(
      'codepipeline PutJobFailureResult {jobId: "j9", failureDetails: {type: "JobFailed", message: "alarm api-5xx"}} → ok (JobFailed: alarm api-5xx)',
    );
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});

describe('loopback endpoint in process (an SDK requestHandler without a socket)', () => {
  let endpoint: Endpoint;
  beforeEach(async () => {
    endpoint = await startEndpoint({ state: structuredClone(state), region: REGION });
  });
  afterEach(() => endpoint.close());
  /** Over the wire by default; with `world`, answered in this process. */
  const config = (world?: World) => ({
    endpoint: world ? 'http://127.0.0.1' : endpoint.url,
    maxAttempts: 1,
    ...(world ? { requestHandler: inProcessHandler(world) } : {}),
  });

  /** The output (without its request metadata) or the error's class, name and message. */
  const settle = (answer: Promise<unknown>) =>
    answer.then(
      (value) => {
        const { $metadata: _, ...output } = value as Record<string, unknown>;
        return { output };
      },
      (error: Error) => ({ error: { type: error.constructor, name: error.name, message: error.message } }),
    );

  it.each([
    [
      'GetDeployment (dates)',
      'output',
      (world?: World) => new CodeDeployClient(config(world)),
      new GetDeploymentCommand({ deploymentId: 'd-OK' }),
    ],
    [
      'an unknown deployment (modeled exception)',
      'error',
      (world?: World) => new CodeDeployClient(config(world)),
      new GetDeploymentCommand({ deploymentId: 'd-NO' }),
    ],
    [
      'ListPipelineExecutions',
      'output',
      (world?: World) => new CodePipelineClient(config(world)),
      new ListPipelineExecutionsCommand({ pipelineName: 'prod' }),
    ],
    [
      'GetParametersByPath (paged)',
      'output',
      (world?: World) => new SSMClient(config(world)),
      new GetParametersByPathCommand({ Path: '/app/dev' }),
    ],
    [
      'DescribeAlarms (query compatible)',
      'output',
      (world?: World) => new CloudWatchClient(config(world)),
      new DescribeAlarmsCommand({ AlarmNames: ['api-5xx'] }),
    ],
    [
      'Lambda Invoke with a function error',
      'output',
      (world?: World) => new LambdaClient(config(world)),
      new InvokeCommand({ FunctionName: 'api', Qualifier: '8' }),
    ],
    [
      'SNS Publish to an unknown topic',
      'error',
      (world?: World) => new SNSClient(config(world)),
      new PublishCommand({ TopicArn: `${TOPIC}-x`, Message: 'm' }),
    ],
  ])('answers %s as it does over the wire', async (_name, outcome, makeClient, command) => {
    type Sender = { send(command: unknown): Promise<unknown> };
    const world = new World(structuredClone(state), REGION);

    const wire = await settle((makeClient() as unknown as Sender).send(command));
    const inProcess = await settle((makeClient(world) as unknown as Sender).send(command));

    expect(wire).toHaveProperty(outcome);
    expect(inProcess).toEqual(wire);
    expect(world.calls).toHaveLength(1);
  });
});
