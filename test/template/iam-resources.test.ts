import { resolve } from '../../local/template/intrinsics';
import { loadProject } from '../../local/template/project';
import { actionMatches, functionStatements } from './iam-policy';
import { type CfnTemplate, projectRoot } from './project';

// The IAM coverage tests prove every call's ACTION is allowed; these prove the RESOURCE scoping lets
// the real resources through (an ARN format mistake would deny every call in AWS, invisibly locally).
const project = loadProject({ rootDir: projectRoot, region: 'eu-west-1', parameterOverrides: {} });
const account = '123456789012';
const arn = (service: string, rest: string, accountId = account) =>
  `arn:aws:${service}:eu-west-1:${accountId}:${rest}`;

/** The resource patterns a function's statements allow `action` on, intrinsics resolved. */
function resourcesFor(logicalId: string, action: string): string[] {
  return functionStatements(project.template as unknown as CfnTemplate, logicalId, 'exclude')
    .filter((s) => s.Effect === 'Allow' && [s.Action ?? []].flat().some((p) => actionMatches(p, action)))
    .flatMap((s) => [resolve(project.context, s.Resource)].flat() as string[]);
}

/** IAM resource matching uses the same `*` / `?` wildcards as actions (case-sensitive would be stricter). */
const arnMatches = actionMatches;

/** A custom action type's ARN (owner Custom): what PollForJobs is scoped by. */
const actionType = (category: string, provider: string, version = '1') =>
  arn('codepipeline', `actiontype:Custom/${category}/${provider}/${version}`);

const cases: Array<[logicalId: string, action: string, resource: string]> = [
  ['JobWorkerFunction', 'codepipeline:PollForJobs', actionType('Invoke', 'Pipewright-dev-HttpCheck')],
  ['JobWorkerFunction', 'codepipeline:PollForJobs', actionType('Invoke', 'Pipewright-dev-RunAutomation')],
  ['JobWorkerFunction', 'ssm:GetParametersByPath', arn('ssm', 'parameter/pipewright/exports/checkout/prod')],
  [
    'JobWorkerFunction',
    'ssm:StartAutomationExecution',
    arn('ssm', 'automation-definition/AWS-RestartEC2Instance:$DEFAULT', ''),
  ],
  [
    'PipelineActionFunction',
    'ssm:GetParametersByPath',
    arn('ssm', 'parameter/pipewright/exports/checkout/prod'),
  ],
  ['PipelineActionFunction', 'ssm:GetCalendarState', arn('ssm', 'document/checkout-prod-freeze')],
  [
    'PipelineActionFunction',
    'ssm:StartAutomationExecution',
    arn('ssm', 'automation-definition/Checkout-RotateApiKeys:$DEFAULT'),
  ],
  [
    'PipelineActionFunction',
    'ssm:StartAutomationExecution',
    arn('ssm', 'automation-definition/AWS-RestartEC2Instance:$DEFAULT', ''),
  ],
  [
    'PipelineActionFunction',
    'ssm:GetAutomationExecution',
    arn('ssm', 'automation-execution/4b7f0a0c-1234-4f0e-9d1c-0123456789ab'),
  ],
  [
    'DeployHookFunction',
    'codedeploy:GetDeployment',
    arn('codedeploy', 'deploymentgroup:orders-app/orders-prod'),
  ],
  ['DeployHookFunction', 'codedeploy:GetApplicationRevision', arn('codedeploy', 'application:orders-app')],
  [
    'DeployHookFunction',
    'codedeploy:PutLifecycleEventHookExecutionStatus',
    arn('codedeploy', 'deploymentgroup:orders-app/orders-prod'),
  ],
  ['DeployHookFunction', 'lambda:InvokeFunction', arn('lambda', 'function:orders-api:42')],
  ['DeployHookFunction', 'ssm:GetParametersByPath', arn('ssm', 'parameter/pipewright/dev')],
  [
    'DeployHookFunction',
    'ssm:GetParametersByPath',
    arn('ssm', 'parameter/pipewright/dev/deploy-hook/apps/orders-app'),
  ],
  ['NotifierFunction', 'ssm:GetParametersByPath', arn('ssm', 'parameter/pipewright/dev')],
  ['NotifierFunction', 'codepipeline:GetPipelineExecution', arn('codepipeline', 'pipewright-prod')],
  ['NotifierFunction', 'codepipeline:ListActionExecutions', arn('codepipeline', 'pipewright-prod')],
  ['NotifierFunction', 'codepipeline:ListPipelineExecutions', arn('codepipeline', 'pipewright-prod')],
  [
    'NotifierFunction',
    'codedeploy:GetDeployment',
    arn('codedeploy', 'deploymentgroup:orders-app/orders-prod'),
  ],
  ['NotifierFunction', 'sns:Publish', project.topicArns[0] ?? 'no topic'],
  // Events a spoke in this account forwards from another region are read in their region.
  [
    'NotifierFunction',
    'codepipeline:ListPipelineExecutions',
    `arn:aws:codepipeline:us-east-1:${account}:orders-prod`,
  ],
  ['NotifierFunction', 'sts:AssumeRole', 'arn:aws:iam::210987654321:role/pipewright-reader'],
  [
    'ChatDeliveryFunction',
    'ssm:GetParametersByPath',
    arn('ssm', 'parameter/pipewright/dev/notifier/channels'),
  ],
];

describe('IAM resource scoping in template.yaml', () => {
  it.each(cases)('lets %s call %s on %s', (logicalId, action, resource) => {
    const patterns = resourcesFor(logicalId, action);
    expect(patterns.some((pattern) => arnMatches(pattern, resource))).toBe(true);
  });

  it('lets the chat delivery read the channels only, not the rest of the configuration', () => {
    const patterns = resourcesFor('ChatDeliveryFunction', 'ssm:GetParametersByPath');
    for (const path of [
      '/pipewright/dev',
      '/pipewright/dev/notifier',
      '/pipewright/dev/deploy-hook/apps/x',
    ]) {
      expect(
        `${path}: ${patterns.some((pattern) => arnMatches(pattern, arn('ssm', `parameter${path}`)))}`,
      ).toBe(`${path}: false`);
    }
  });

  it("lets the job worker poll only this stack's custom action types (its stage, its version)", () => {
    const patterns = resourcesFor('JobWorkerFunction', 'codepipeline:PollForJobs');
    for (const other of [
      actionType('Invoke', 'Pipewright-prod-HttpCheck'),
      actionType('Invoke', 'Pipewright-dev-HttpCheck', '2'),
      actionType('Build', 'Jenkins'),
      arn('codepipeline', 'actiontype:AWS/Build/CodeBuild/1'),
    ]) {
      expect(`${other}: ${patterns.some((pattern) => arnMatches(pattern, other))}`).toBe(`${other}: false`);
    }
  });

  it('does not let the deploy hook read configuration outside the stack path', () => {
    const patterns = resourcesFor('DeployHookFunction', 'ssm:GetParametersByPath');
    expect(patterns.some((pattern) => arnMatches(pattern, arn('ssm', 'parameter/other-team/secrets')))).toBe(
      false,
    );
  });
});
