import fc from 'fast-check';
import { ACCOUNT, REGION, deploy } from './deployed';
import { functionStatements } from './iam-policy';
import { type PolicyRequest, type ResourceStatement, evaluate } from './policy-eval';

const stack = deploy();
const { template } = stack;
const resources = template.Resources;
const parameters = template.Parameters ?? {};
const ssmArn = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${path}`;

/** `/a/b/` → `/`, `/a`, `/a/b`: the GetParametersByPath paths whose answer includes the configuration. */
function pathAndAncestors(configPath: string): string[] {
  const segments = configPath.split('/').filter(Boolean);
  return ['/', ...segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}`)];
}

const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/);
const configPaths = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}/`);

/** What the pipeline action's role may do with GetParametersByPath on a path (its identity policy alone). */
function byPath(deployment: ReturnType<typeof deploy>, path: string) {
  const statements = functionStatements(template, 'PipelineActionFunction', 'include').map(
    (s) => deployment.resolve(s) as ResourceStatement,
  );
  const role = deployment.roleArn('PipelineActionFunction');
  return evaluate(statements, {
    principal: { AWS: role },
    action: 'ssm:GetParametersByPath',
    resource: ssmArn(path),
    context: {},
  });
}

describe('template parameters', () => {
  it('all have a default that their own constraints accept, so a first `sam deploy --guided` deploys', () => {
    for (const [name, parameter] of Object.entries(parameters)) {
      expect(`${name}: ${parameter.Default === undefined ? 'no default' : 'default'}`).toBe(
        `${name}: default`,
      );
      const value = String(parameter.Default);
      const allowed = parameter.AllowedValues as unknown[] | undefined;
      if (allowed) expect(allowed.map(String)).toContain(value);
      if (parameter.AllowedPattern) expect(value).toMatch(new RegExp(String(parameter.AllowedPattern)));
    }
  });

  it('accept a ConfigPath of 1 to 5 levels only (the depth NeverExportStackConfiguration spells out)', () => {
    const pattern = new RegExp(String(parameters.ConfigPath!.AllowedPattern));
    fc.assert(fc.property(configPaths, (path) => pattern.test(path)));
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 6, maxLength: 9 }),
        (s) => !pattern.test(`/${s.join('/')}/`),
      ),
    );
    expect(pattern.test('/')).toBe(false);
  });
});

describe('ExportableParameterPath', () => {
  it('lets load-parameters read /pipewright/exports/… by default, not every parameter of the account', () => {
    expect(parameters.ExportableParameterPath!.Default).toBe('/pipewright/exports/*');
    expect(byPath(stack, '/pipewright/exports/checkout/prod')).toBe('allow');
    expect(byPath(stack, '/other-team/prod')).toBe('none');
    expect(byPath(stack, '/pipewright/dev/deploy-hook')).not.toBe('allow');
  });

  it('never lets load-parameters read the stack configuration, its path or an ancestor, even with /*', () => {
    fc.assert(
      fc.property(
        configPaths,
        fc.constantFrom('/*', '/pipewright*', '/pipewright/exports/*'),
        (configPath, exportable) => {
          const deployment = deploy({
            parameters: { ConfigPath: configPath, ExportableParameterPath: exportable },
          });
          const inside = [`${configPath}notifier`, `${configPath}deploy-hook/apps/orders-app`];
          for (const path of [...pathAndAncestors(configPath), ...inside]) {
            expect(`${path}: ${byPath(deployment, path)}`).toBe(`${path}: deny`);
          }
          // a sibling of the configuration stays exportable where ExportableParameterPath allows it
          const sibling = `${configPath.slice(0, -1)}-exports`;
          if (exportable === '/*')
            expect(`${sibling}: ${byPath(deployment, sibling)}`).toBe(`${sibling}: allow`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the NotificationTopic policy', () => {
  const topicArn = String(stack.resolve({ Ref: 'NotificationTopic' }));
  const policy = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::SNS::TopicPolicy' &&
      JSON.stringify(r.Properties?.Topics) === '[{"Ref":"NotificationTopic"}]',
  );
  const statements = (stack.resolve(policy?.Properties?.PolicyDocument) as { Statement: ResourceStatement[] })
    .Statement;
  const publish = (principal: PolicyRequest['principal'], context: Record<string, string> = {}) =>
    evaluate(statements, {
      principal,
      action: 'sns:Publish',
      resource: topicArn,
      context: { 'aws:SecureTransport': 'true', ...context },
    });
  const topicAlarms = Object.keys(resources).filter((id) =>
    JSON.stringify(resources[id]!.Properties?.AlarmActions ?? []).includes('"NotificationTopic"'),
  );
  const alarmArn = (id: string) => String(stack.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
  const notifierRole = stack.roleArn('NotifierFunction');

  it('is not denied to the notifier role, which its IAM policy allows to publish', () => {
    expect(publish({ AWS: notifierRole }, { 'aws:PrincipalArn': notifierRole })).not.toBe('deny');
    const publishers = Object.keys(resources).filter(
      (id) =>
        resources[id]!.Type === 'AWS::Serverless::Function' &&
        functionStatements(template, id, 'include').some(
          (s) => s.Effect === 'Allow' && [s.Action].flat().includes('sns:Publish'),
        ),
    );
    expect(publishers).toEqual(['NotifierFunction']);
  });

  it.each(topicAlarms)('allows the alarm %s to publish', (id) => {
    const context = { 'aws:SourceArn': alarmArn(id), 'aws:SourceAccount': ACCOUNT };
    expect(publish({ Service: 'cloudwatch.amazonaws.com' }, context)).toBe('allow');
  });

  it('denies every other publisher, in this account or another, whatever its IAM policy allows', () => {
    const arnPart = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,24}$/);
    const accounts = fc.oneof(fc.constant(ACCOUNT), fc.stringMatching(/^\d{12}$/));
    const awsPrincipal = fc.oneof(
      fc.tuple(accounts, arnPart).map(([account, name]) => `arn:aws:iam::${account}:role/${name}`),
      fc.tuple(accounts, arnPart).map(([account, name]) => `arn:aws:iam::${account}:user/${name}`),
      accounts.map((account) => `arn:aws:iam::${account}:root`),
      arnPart.map((name) => `arn:aws:iam::${ACCOUNT}:role/pipewright/${stack.stackName}/${name}`),
    );
    fc.assert(
      fc.property(awsPrincipal, (arn) => {
        fc.pre(arn !== notifierRole);
        return publish({ AWS: arn }, { 'aws:PrincipalArn': arn }) === 'deny';
      }),
      { numRuns: 500 },
    );
    const services = fc.constantFrom('cloudwatch.amazonaws.com', 'events.amazonaws.com', 's3.amazonaws.com');
    const sourceArns = fc.oneof(
      fc
        .tuple(accounts, arnPart)
        .map(([account, name]) => `arn:aws:cloudwatch:${REGION}:${account}:alarm:${name}`),
      arnPart.map((name) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`),
    );
    fc.assert(
      fc.property(services, fc.option(sourceArns, { nil: undefined }), (service, sourceArn) => {
        const context: Record<string, string> =
          sourceArn === undefined ? {} : { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': ACCOUNT };
        return publish({ Service: service }, context) === 'deny';
      }),
      { numRuns: 500 },
    );
  });

  it('names exactly the alarms that notify the topic (adding an alarm means adding it here)', () => {
    const deny = statements.find(
      (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:PrincipalArn'),
    );
    const exceptions = (deny?.Condition as { ArnNotEquals: Record<string, string[]> }).ArnNotEquals;
    expect(exceptions['aws:PrincipalArn']).toBe(notifierRole);
    expect([...exceptions['aws:SourceArn']!].sort()).toEqual(topicAlarms.map(alarmArn).sort());
  });

  it('refuses a publish that does not use TLS, even from the notifier', () => {
    expect(
      publish({ AWS: notifierRole }, { 'aws:PrincipalArn': notifierRole, 'aws:SecureTransport': 'false' }),
    ).toBe('deny');
  });
});

describe('the NotificationKey policy', () => {
  const policy = stack.resolve(resources.NotificationKey?.Properties?.KeyPolicy) as {
    Statement: ResourceStatement[];
  };
  const root = `arn:aws:iam::${ACCOUNT}:root`;
  const grants = policy.Statement.filter((s) => typeof s.Principal !== 'object' || s.Principal.AWS !== root);
  const cloudwatch = (context: Record<string, string>) =>
    evaluate(grants, {
      principal: { Service: 'cloudwatch.amazonaws.com' },
      action: 'kms:GenerateDataKey',
      resource: '*',
      context,
    });
  const ownAlarm = String(stack.resolve({ 'Fn::GetAtt': ['NotifierErrorsAlarm', 'Arn'] }));

  it('lets CloudWatch use the key for alarms of this account and region only', () => {
    expect(cloudwatch({ 'aws:SourceArn': ownAlarm, 'aws:SourceAccount': ACCOUNT })).toBe('allow');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.constantFrom(REGION, 'us-east-1'), (account, region) => {
        fc.pre(account !== ACCOUNT || region !== REGION);
        const foreign = `arn:aws:cloudwatch:${region}:${account}:alarm:orders-5xx`;
        return cloudwatch({ 'aws:SourceArn': foreign, 'aws:SourceAccount': account }) === 'none';
      }),
    );
    expect(cloudwatch({})).toBe('none');
  });
});
