import path from 'node:path';
import { LOCAL_ACCOUNT_ID, type ResolveContext, resolve } from '../../local/template/intrinsics';
import { readTemplate } from '../../local/template/cfn-yaml';
import { buildFunction } from './bundle';
import { deploy } from './deployed';
import { functionPolicies } from './iam-policy';
import { type ResourceStatement, evaluate } from './policy-eval';
import { type CfnTemplate, loadTemplate, projectRoot } from './project';
import { pipewrightOperations } from './sdk-operations';

const ORG = 'o-a1b2c3d4e5';
const SPOKE = '210987654321';
const READER = `arn:aws:iam::${SPOKE}:role/pipewright-reader`;
const hubTemplate = loadTemplate();
const spokeTemplate = readTemplate(path.join(projectRoot, 'templates', 'spoke.yaml'));
const HUB_CONDITIONS = ['IsHub', 'HasOrganization', 'HasSpokeAccounts'];

type Pattern = { source: string[]; 'detail-type': string[]; detail: unknown };

/** One `source|detail-type|detail` line per detail-type of each pattern: two pattern lists match when their lines do. */
const lines = (patterns: Pattern[]) =>
  patterns
    .flatMap((p) => p['detail-type'].map((type) => `${p.source.join()}|${type}|${JSON.stringify(p.detail)}`))
    .sort();

/** The patterns of the notifier's own rules (its SAM EventBridgeRule events), resolved. */
function notifierPatterns(stack = deploy()): Pattern[] {
  const events = hubTemplate.Resources.NotifierFunction!.Properties!.Events as Record<
    string,
    { Properties: { Pattern: unknown } }
  >;
  return Object.values(events).map((event) => stack.resolve(event.Properties.Pattern) as Pattern);
}

/** The spoke template resolved in one account and region, with the hub elsewhere unless said. */
function spoke(region: string, parameters: Record<string, string> = {}) {
  const ctx: ResolveContext = {
    template: spokeTemplate,
    region,
    stackName: 'StackSet-pipewright-spoke',
    parameters: {
      HubAccountId: '999988887777',
      HubRegion: 'eu-west-1',
      HubEventBusArn: 'arn:aws:events:eu-west-1:999988887777:event-bus/pipewright-prod-hub',
      HubNotifierRoleArn: 'arn:aws:iam::999988887777:role/pipewright/pipewright-prod/notifier/*',
      ...parameters,
    },
  };
  const resources = spokeTemplate.Resources as CfnTemplate['Resources'];
  const made = Object.keys(resources).filter((id) => {
    const condition = resources[id]!.Condition;
    return condition === undefined || resolve(ctx, { Condition: condition }) === true;
  });
  return { made, props: <T>(id: string) => resolve(ctx, resources[id]!.Properties) as T };
}

type Statements = { Statement: ResourceStatement[] };
/** What the spoke tests read of its rule and roles. */
interface SpokeRule {
  EventPattern: { $or: Pattern[] };
  Targets: { Arn: string }[];
}
interface SpokeRole {
  AssumeRolePolicyDocument: Statements;
  Policies: { PolicyDocument: Statements }[];
}

describe('the hub (template.yaml)', () => {
  it('is not there for a single-account stack: without OrganizationId and SpokeAccountIds no hub resource exists', () => {
    const stack = deploy();
    const hubOnly = Object.entries(hubTemplate.Resources).filter(([, r]) =>
      HUB_CONDITIONS.includes(r.Condition ?? ''),
    );
    expect(hubOnly.map(([id]) => id).sort()).toEqual([
      'HubEventBus',
      'HubEventBusAccountsPolicy',
      'HubEventBusOrganizationPolicy',
      'HubEventsRule',
      'HubEventsRulePermission',
    ]);
    for (const name of HUB_CONDITIONS) expect(stack.resolve({ Condition: name })).toBe(false);
  });

  it.each([
    [
      'OrganizationId',
      { OrganizationId: ORG },
      { 'aws:PrincipalOrgID': ORG },
      { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' },
    ],
    [
      'SpokeAccountIds',
      { SpokeAccountIds: `${SPOKE},345678901234` },
      { 'aws:PrincipalAccount': SPOKE },
      { 'aws:PrincipalAccount': '111122223333' },
    ],
  ])(
    'admits PutEvents on the hub bus from the accounts %s names, and no other',
    (_name, parameters, admitted, other) => {
      const stack = deploy({ parameters });
      const statements = Object.values(hubTemplate.Resources)
        .filter(
          (r) =>
            r.Type === 'AWS::Events::EventBusPolicy' && stack.resolve({ Condition: r.Condition }) === true,
        )
        .map((r) => stack.resolve(r.Properties!.Statement) as ResourceStatement);
      const bus = String(stack.resolve({ 'Fn::GetAtt': ['HubEventBus', 'Arn'] }));
      const put = (context: Record<string, string>) => ({
        principal: { AWS: `arn:aws:iam::${SPOKE}:role/spoke-forward` },
        action: 'events:PutEvents',
        resource: bus,
        context,
      });
      expect(statements).toHaveLength(1);
      expect(evaluate(statements, put(admitted))).toBe('allow');
      expect(evaluate(statements, put(other))).toBe('none');
    },
  );

  it("matches the notifier's own event patterns on the hub bus, into the notifier, with the dead-letter queue", () => {
    const stack = deploy({ parameters: { OrganizationId: ORG, PipelineNames: 'orders-prod' } });
    const rule = stack.resolve(hubTemplate.Resources.HubEventsRule!.Properties) as {
      EventPattern: { $or: Pattern[] };
      Targets: { Arn: string; DeadLetterConfig: { Arn: string } }[];
    };
    expect(lines(rule.EventPattern.$or)).toEqual(lines(notifierPatterns(stack)));
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: stack.resolve({ 'Fn::GetAtt': ['NotifierFunction', 'Arn'] }),
        DeadLetterConfig: { Arn: stack.resolve({ 'Fn::GetAtt': ['NotifierEventsDeadLetterQueue', 'Arn'] }) },
      }),
    ]);
  });

  it.each([
    ['any account (no hub)', {}, {}, true],
    ['the organisation', { OrganizationId: ORG }, { 'aws:ResourceOrgID': ORG }, true],
    [
      'the organisation, not another',
      { OrganizationId: ORG },
      { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' },
      false,
    ],
    ['a listed account', { SpokeAccountIds: SPOKE }, { 'aws:ResourceAccount': SPOKE }, true],
    [
      'a listed account, not another',
      { SpokeAccountIds: SPOKE },
      { 'aws:ResourceAccount': '111122223333' },
      false,
    ],
    [
      'the organisation when both are admitted',
      { OrganizationId: ORG, SpokeAccountIds: SPOKE },
      { 'aws:ResourceAccount': '111122223333', 'aws:ResourceOrgID': ORG },
      true,
    ],
    [
      'a listed account outside the organisation when both are admitted',
      { OrganizationId: ORG, SpokeAccountIds: SPOKE },
      { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' },
      true,
    ],
    [
      'neither another organisation nor an unlisted account when both are admitted',
      { OrganizationId: ORG, SpokeAccountIds: SPOKE },
      { 'aws:ResourceAccount': '111122223333', 'aws:ResourceOrgID': 'o-zzzzzzzzzz' },
      false,
    ],
  ])('lets the notifier assume the reader role of %s', (_what, parameters, context, allowed) => {
    const stack = deploy({ parameters: parameters as Record<string, string> });
    // The whole policy as this stack deploys it: statements under a condition (Fn::If) resolved too.
    const statements = functionPolicies(hubTemplate, 'NotifierFunction').flatMap(
      (document) => stack.resolve(document.Statement) as ResourceStatement[],
    );
    const assume = (resource: string) => ({
      principal: { AWS: stack.roleArn('NotifierFunction') },
      action: 'sts:AssumeRole',
      resource,
      context: { 'aws:ResourceAccount': SPOKE, ...context },
    });
    expect(evaluate(statements, assume(READER))).toBe(allowed ? 'allow' : 'none');
    expect(evaluate(statements, assume(`arn:aws:iam::${SPOKE}:role/Administrator`))).toBe('none');
  });

  it('gives the notifier role a path of its own, which its output names for the spokes to trust', () => {
    const stack = deploy({ stackName: 'pipewright-prod' });
    expect(stack.roleArn('NotifierFunction')).toMatch(
      /^arn:aws:iam::\d{12}:role\/pipewright\/pipewright-prod\/notifier\/[^/]+$/,
    );
    expect(hubTemplate.Outputs?.NotifierRoleArn?.Value).toEqual({
      'Fn::GetAtt': ['NotifierFunctionRole', 'Arn'],
    });
  });
});

describe('the spoke (templates/spoke.yaml)', () => {
  it.each([
    ['the hub account, the hub region', [], LOCAL_ACCOUNT_ID, 'eu-west-1'],
    ['the hub account, another region', ['ForwardRole', 'ForwardRule'], LOCAL_ACCOUNT_ID, 'us-east-1'],
    [
      'another account, the hub region',
      ['ForwardRole', 'ForwardRule', 'ReaderRole'],
      '999988887777',
      'eu-west-1',
    ],
    ['another account, another region', ['ForwardRole', 'ForwardRule'], '999988887777', 'us-east-1'],
  ])(
    'in %s makes %j: it never forwards what the hub sees itself, and makes one reader role per account',
    (_where, made, hub, region) => {
      expect(spoke(region, { HubAccountId: hub }).made.sort()).toEqual(made);
    },
  );

  it("forwards the notifier's event patterns to the hub bus with a role that may only put events there", () => {
    const { props } = spoke('us-east-1');
    const rule = props<SpokeRule>('ForwardRule');
    expect(lines(rule.EventPattern.$or)).toEqual(lines(notifierPatterns()));
    expect(rule.Targets).toEqual([
      {
        Id: 'hub',
        Arn: 'arn:aws:events:eu-west-1:999988887777:event-bus/pipewright-prod-hub',
        RoleArn: expect.any(String),
      },
    ]);
    expect(props<SpokeRole>('ForwardRole').Policies[0]!.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: rule.Targets[0]!.Arn },
    ]);
  });

  const HUB_ROLES = 'arn:aws:iam::999988887777:role/pipewright/pipewright-prod';
  it.each([
    ['the notifier role', 'allow', `${HUB_ROLES}/notifier/pipewright-prod-NotifierFunctionRole-AbC123`, ''],
    [
      'another role of the hub account',
      'none',
      `${HUB_ROLES}/pipewright-prod-DeployHookFunctionRole-AbC123`,
      '',
    ],
    [
      'a role of another account',
      'none',
      'arn:aws:iam::111122223333:role/pipewright/pipewright-prod/notifier/x',
      '',
    ],
    ['the notifier role without the external id', 'none', `${HUB_ROLES}/notifier/n`, 'pw-7f3a'],
  ])('answers %s that assumes the reader role: %s', (_who, decision, principal, externalId) => {
    const parameters: Record<string, string> = externalId ? { ExternalId: externalId } : {};
    const trust = spoke('eu-west-1', parameters).props<SpokeRole>('ReaderRole').AssumeRolePolicyDocument
      .Statement;
    const request = (context: Record<string, string>) => ({
      principal: { AWS: principal },
      action: 'sts:AssumeRole',
      resource: '*',
      context: { 'aws:PrincipalArn': principal, ...context },
    });
    expect(evaluate(trust, request({}))).toBe(decision);
    if (externalId) expect(evaluate(trust, request({ 'sts:ExternalId': externalId }))).toBe('allow');
  });

  it("allows the reader role exactly the reads the notifier's enrichment makes, in its own account only", async () => {
    const bundle = await buildFunction(hubTemplate, 'NotifierFunction');
    const reads = pipewrightOperations(bundle)
      .map((op) => op.action!)
      .filter((action) => /^(codepipeline|codedeploy):/.test(action));
    const statements =
      spoke('eu-west-1').props<SpokeRole>('ReaderRole').Policies[0]!.PolicyDocument.Statement;
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual([...new Set(reads)].sort());
    const resources = statements.flatMap((s) => [s.Resource].flat()).map(String);
    expect(resources.every((r) => r.includes(`:${LOCAL_ACCOUNT_ID}:`))).toBe(true);
  }, 60_000);
});
