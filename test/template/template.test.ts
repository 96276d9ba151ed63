import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CfnResource, loadTemplate, projectRoot, serverlessFunctions } from './project';
import { allActionValues, functionStatements } from './iam-policy';
import { PSEUDO_PARAMETERS, samGeneratedIds, templateReferences } from './references';
import { samconfigEnvironments } from './samconfig';

const template = loadTemplate();
const resources = template.Resources;
const functions = serverlessFunctions(template);
const globals = (template.Globals?.Function ?? {}) as Record<string, unknown>;
const FUNCTION_IDS = [
  'PipelineActionFunction',
  'DeployHookFunction',
  'NotifierFunction',
  'ChatDeliveryFunction',
  'JobWorkerFunction',
];

/** `{ Ref: X }` / `{ 'Fn::GetAtt': [X, …] }` → X. */
function target(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const node = value as { Ref?: string; 'Fn::GetAtt'?: string[] };
  return node.Ref ?? node['Fn::GetAtt']?.[0];
}

function resourceOf(value: unknown, type: string): CfnResource {
  const id = target(value);
  const resource = id === undefined ? undefined : resources[id];
  if (resource?.Type !== type) throw new Error(`${JSON.stringify(value)} is not a ${type} of the template`);
  return resource;
}

function isEncryptedQueue(value: unknown): boolean {
  const props = resourceOf(value, 'AWS::SQS::Queue').Properties ?? {};
  return props.SqsManagedSseEnabled === true || props.KmsMasterKeyId !== undefined;
}

function environment(id: string): Record<string, unknown> {
  const variables = (props: Record<string, unknown> | undefined) =>
    (props?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  return { ...variables(globals), ...variables(functions[id]?.Properties) };
}

describe('template.yaml', () => {
  it('declares the logical ids other code relies on', () => {
    for (const id of FUNCTION_IDS) expect(resources[id]?.Type).toBe('AWS::Serverless::Function');
    expect(resources.NotificationTopic?.Type).toBe('AWS::SNS::Topic');
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
  });

  it.each(FUNCTION_IDS)('builds %s with esbuild from an existing entry point under CodeUri', (id) => {
    const fn = functions[id]!;
    const build = fn.Metadata?.BuildProperties as Record<string, unknown>;
    expect(fn.Metadata?.BuildMethod).toBe('esbuild');
    expect(fn.Properties?.Handler).toBe('index.handler');
    expect(build).toMatchObject({ Minify: true, Sourcemap: true, MainFields: 'module,main' });
    expect(build.External ?? []).toEqual([]); // the SDK is bundled, not taken from the runtime
    const entries = build.EntryPoints as string[];
    expect(entries).toHaveLength(1);
    const entry = path.join(projectRoot, String(fn.Properties?.CodeUri), entries[0]!);
    expect(existsSync(entry)).toBe(true);
    expect(path.basename(entry, '.ts')).toBe(String(fn.Properties?.Handler).split('.')[0]);
  });

  it.each(FUNCTION_IDS)('runs %s on nodejs24.x, arm64, with active tracing', (id) => {
    const props = { ...globals, ...functions[id]!.Properties };
    expect(props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Tracing: 'Active' });
  });

  it.each(FUNCTION_IDS)('gives %s the environment variables of the settings table', (id) => {
    const env = environment(id);
    for (const name of [
      'PIPEWRIGHT_CONFIG_PATH',
      'PIPEWRIGHT_CONFIG_TTL_SECONDS',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_LOG_LEVEL',
      'AWS_MAX_ATTEMPTS',
      'AWS_RETRY_MODE',
      'NODE_OPTIONS',
    ]) {
      expect(env).toHaveProperty([name]);
    }
    expect(env.PIPEWRIGHT_CONFIG_PATH).toEqual({ Ref: 'ConfigPath' });
    expect(env.POWERTOOLS_LOG_LEVEL).toEqual({ Ref: 'LogLevel' });
  });

  it('tells the notifier which topic to publish to', () => {
    expect(environment('NotifierFunction').NOTIFICATION_TOPIC_ARN).toEqual({ Ref: 'NotificationTopic' });
  });

  it('names the deploy hook CodeDeployHook_… within 64 characters for every samconfig stack', () => {
    const name = functions.DeployHookFunction!.Properties?.FunctionName as { 'Fn::Sub': string };
    expect(name['Fn::Sub']).toMatch(/^CodeDeployHook_/);
    for (const [env, settings] of Object.entries(samconfigEnvironments())) {
      const stackName = settings['global.parameters']?.stack_name;
      expect(`${env}: ${name['Fn::Sub'].replace('${AWS::StackName}', String(stackName)).length}`).toMatch(
        new RegExp(`^${env}: ([1-5]?[0-9]|6[0-4])$`),
      );
    }
  });

  it('resolves every Ref, GetAtt, Sub variable and condition name', () => {
    const values = new Set([
      ...Object.keys(template.Parameters ?? {}),
      ...Object.keys(resources),
      ...samGeneratedIds(template),
      ...PSEUDO_PARAMETERS,
    ]);
    const conditions = new Set(Object.keys(template.Conditions ?? {}));
    const unresolved = templateReferences(template).filter((ref) =>
      ref.kind === 'condition' ? !conditions.has(ref.name) : !values.has(ref.name),
    );
    expect(unresolved).toEqual([]);
  });

  it('never grants Action "*"', () => {
    const actions = allActionValues(template);
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((action) => action === '*' || action === '*:*')).toEqual([]);
  });

  it('uses Resource "*" only for actions without resource-level permissions', () => {
    // AWS documents no resource types for these actions: "*" is the only possible scope.
    const unscopable = [
      'codepipeline:PutJobSuccessResult',
      'codepipeline:PutJobFailureResult',
      'codepipeline:AcknowledgeJob',
      'cloudwatch:DescribeAlarms',
    ];
    const offending = FUNCTION_IDS.flatMap((id) =>
      functionStatements(template, id, 'include')
        .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))
        .flatMap((s) => [s.Action ?? []].flat())
        .filter((action) => !unscopable.includes(action))
        .map((action) => `${id}: ${action}`),
    );
    expect(offending).toEqual([]);
  });

  it('grants iam:PassRole only when AutomationAssumeRoleArn is set', () => {
    const unconditional = functionStatements(template, 'PipelineActionFunction', 'exclude');
    const all = functionStatements(template, 'PipelineActionFunction', 'include');
    expect(unconditional.flatMap((s) => [s.Action].flat())).not.toContain('iam:PassRole');
    expect(all.find((s) => s.Action === 'iam:PassRole')?.Resource).toEqual({
      Ref: 'AutomationAssumeRoleArn',
    });
  });

  it('encrypts the notification topic with a rotating customer managed key', () => {
    const key = resourceOf(resources.NotificationTopic!.Properties?.KmsMasterKeyId, 'AWS::KMS::Key');
    expect(key.Properties?.EnableKeyRotation).toBe(true);
  });

  it('encrypts every SQS queue', () => {
    const queues = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(4);
    expect(queues.filter((id) => !isEncryptedQueue({ Ref: id }))).toEqual([]);
  });

  it.each(FUNCTION_IDS)('logs %s as JSON to its own log group with a retention', (id) => {
    const logging = functions[id]!.Properties?.LoggingConfig as Record<string, unknown>;
    expect(logging.LogFormat).toBe('JSON');
    const group = resourceOf(logging.LogGroup, 'AWS::Logs::LogGroup');
    expect(group.Properties?.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    expect(group.DeletionPolicy).toBeDefined();
  });

  it.each(FUNCTION_IDS)('sends failed asynchronous invocations of %s to an encrypted queue', (id) => {
    const config = functions[id]!.Properties?.EventInvokeConfig as {
      MaximumRetryAttempts: number;
      DestinationConfig: { OnFailure: { Type: string; Destination: unknown } };
    };
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(config.DestinationConfig.OnFailure.Type).toBe('SQS');
    expect(isEncryptedQueue(config.DestinationConfig.OnFailure.Destination)).toBe(true);
  });

  it('subscribes the notifier to every event family with retries and an encrypted dead-letter queue', () => {
    const events = functions.NotifierFunction!.Properties?.Events as Record<
      string,
      { Type: string; Properties: Record<string, { [key: string]: unknown }> }
    >;
    const detailTypes = Object.values(events).flatMap((e) => e.Properties.Pattern!['detail-type']);
    expect(detailTypes.sort()).toEqual([
      'CodeBuild Build State Change',
      'CodeDeploy Deployment State-change Notification',
      'CodePipeline Action Execution State Change',
      'CodePipeline Pipeline Execution State Change',
      'CodePipeline Stage Execution State Change',
    ]);
    for (const event of Object.values(events)) {
      expect(event.Type).toBe('EventBridgeRule');
      expect(event.Properties.RetryPolicy).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
      expect(isEncryptedQueue(event.Properties.DeadLetterConfig!.Arn)).toBe(true);
    }
  });

  it('filters CodePipeline events by pipeline name only when PipelineNames is set', () => {
    const events = Object.values(
      functions.NotifierFunction!.Properties?.Events as Record<
        string,
        { Properties: { Pattern: Record<string, unknown> } }
      >,
    ).filter((e) => (e.Properties.Pattern.source as string[])[0] === 'aws.codepipeline');
    expect(events).toHaveLength(3);
    for (const { Properties } of events) {
      const [condition, filtered, unfiltered] = (Properties.Pattern.detail as { 'Fn::If': unknown[] })[
        'Fn::If'
      ];
      expect(condition).toBe('HasPipelineNames');
      expect(filtered).toMatchObject({ pipeline: { Ref: 'PipelineNames' } });
      expect(unfiltered).not.toHaveProperty('pipeline');
    }
  });

  it('alarms on every queue and on every function error, to the notification topic', () => {
    const alarms = Object.values(resources).filter(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.Dimensions !== undefined,
    );
    const watched = alarms.map((alarm) => {
      expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
      return target((alarm.Properties?.Dimensions as Array<{ Value: unknown }>)[0]!.Value);
    });
    const queues = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::SQS::Queue');
    expect(watched.sort()).toEqual([...queues, ...FUNCTION_IDS].sort());
  });

  it('alarms when a job or hook result cannot be reported (the metric the report-once guard emits)', () => {
    const alarm = resources.UnreportableResultsAlarm?.Properties as {
      AlarmActions: unknown;
      Metrics: Array<{
        MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown } };
      }>;
    };
    expect(alarm.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
    const watched = alarm.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    const serviceOf = (id: string) =>
      (resources[id]?.Properties?.Environment as { Variables: Record<string, string> }).Variables
        .POWERTOOLS_SERVICE_NAME;
    const services = ['PipelineActionFunction', 'DeployHookFunction', 'JobWorkerFunction'].map(serviceOf);
    expect(watched).toEqual(
      services.map((service) => ({
        Namespace: 'Pipewright',
        MetricName: 'ResultUnreportable',
        Dimensions: [{ Name: 'service', Value: service }],
      })),
    );
  });

  it('alarms on the first event the notifier rejects, watching the metric as Powertools emits it (namespace, service)', () => {
    const alarm = resources.NotifierEventsRejectedAlarm?.Properties as {
      AlarmActions: unknown;
      Threshold: number;
      ComparisonOperator: string;
      TreatMissingData: string;
      Metrics: Array<{
        ReturnData?: boolean;
        MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown }; Stat: string };
      }>;
    };
    const notifier = environment('NotifierFunction');
    // The service-wide count outcome.ts adds next to the per-family one (an alarm needs one exact dimension set).
    const source = readFileSync(path.join(projectRoot, 'functions/notifier/outcome.ts'), 'utf8');
    expect(source).toContain("metrics.addMetric('EventRejected', MetricUnit.Count, 1)");

    expect(alarm.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
    expect(alarm.Metrics).toEqual([
      expect.objectContaining({
        ReturnData: true,
        MetricStat: expect.objectContaining({
          Stat: 'Sum',
          Metric: {
            Namespace: notifier.POWERTOOLS_METRICS_NAMESPACE,
            MetricName: 'EventRejected',
            Dimensions: [{ Name: 'service', Value: notifier.POWERTOOLS_SERVICE_NAME }],
          },
        }),
      }),
    ]);
    expect(alarm).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('subscribes an email address only when one is given', () => {
    const subscriptions = Object.values(resources).filter(
      (r) => r.Type === 'AWS::SNS::Subscription' && r.Properties?.Protocol === 'email',
    );
    expect(subscriptions.map((s) => s.Condition)).toEqual(['HasNotificationEmail']);
    expect(subscriptions[0]?.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: { Ref: 'NotificationEmail' },
    });
    // true exactly when the parameter is not empty
    expect(template.Conditions?.HasNotificationEmail).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'NotificationEmail' }, ''] }],
    });
  });

  it('subscribes the chat delivery to the topic, which alone may invoke it', () => {
    const subscriptions = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription');
    const chat = subscriptions.filter((s) => s.Properties?.Protocol === 'lambda');
    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission');

    expect(chat.map((s) => s.Properties)).toEqual([
      {
        TopicArn: { Ref: 'NotificationTopic' },
        Protocol: 'lambda',
        Endpoint: { 'Fn::GetAtt': ['ChatDeliveryFunction', 'Arn'] },
      },
    ]);
    expect(chat[0]?.Condition).toBeUndefined(); // a channel is added with put-parameter alone: no redeploy
    expect(permissions.map((p) => p.Properties)).toContainEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: 'ChatDeliveryFunction' },
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: 'NotificationTopic' },
    });
  });

  it('keeps webhook URLs out of the chat delivery’s traces (no capture of its HTTPS requests)', () => {
    // Powertools Tracer records each fetch with its URL's path, where a Slack webhook carries its token.
    expect(environment('ChatDeliveryFunction').POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS).toBe('false');
  });

  it('outputs what a user wires elsewhere', () => {
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'PipelineActionFunctionArn',
        'DeployHookFunctionName',
        'NotifierFunctionArn',
        'NotificationTopicArn',
        'ConfigPath',
      ]),
    );
  });

  it('keeps esbuild in dependencies, where SAM’s esbuild build looks for it', () => {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toHaveProperty(['esbuild']);
    expect(pkg.devDependencies ?? {}).not.toHaveProperty(['esbuild']);
  });
});
