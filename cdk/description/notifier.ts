import type { FunctionDescription, RuleDescription, StatementDescription } from './function-description';
import { arn, type DescriptionScope } from './scope';
import { readConfiguration } from './shared';

/** A CodePipeline rule's `detail`: the states asked for, of `pipelineNames` only when some are set. */
function pipelineDetail(scope: DescriptionScope, states: string[]) {
  const pipelines = scope.settings.pipelineNames;
  return pipelines.length > 0 ? { pipeline: [...pipelines], state: states } : { state: states };
}

function codePipelineRule(id: string, nameSuffix: string, kind: string, states: string[]): RuleDescription {
  return {
    id,
    nameSuffix,
    pattern: (scope) => ({
      source: ['aws.codepipeline'],
      'detail-type': [`CodePipeline ${kind} Execution State Change`],
      detail: pipelineDetail(scope, states),
    }),
  };
}

/** SUCCEEDED is needed to announce a recovery; the function decides what is worth a message. */
const rules: RuleDescription[] = [
  codePipelineRule('PipelineExecution', 'pipeline', 'Pipeline', ['FAILED', 'STOPPED', 'SUCCEEDED']),
  codePipelineRule('StageExecution', 'stage', 'Stage', ['FAILED']),
  codePipelineRule('ActionExecution', 'action', 'Action', ['FAILED']),
  {
    id: 'BuildState',
    nameSuffix: 'build',
    pattern: () => ({
      source: ['aws.codebuild'],
      'detail-type': ['CodeBuild Build State Change'],
      detail: { 'build-status': ['FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED'] },
    }),
  },
  {
    id: 'DeploymentState',
    nameSuffix: 'deployment',
    pattern: () => ({
      source: ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      detail: { state: ['FAILURE', 'STOP'] },
    }),
  },
];

/**
 * Assuming a spoke's reader role: narrowed to the organisation, else to the listed accounts, else any
 * account (no hub); with both, a second statement admits the accounts, since conditions in one
 * statement must all hold.
 */
function assumeReaderRoles(scope: DescriptionScope): StatementDescription[] {
  const { organizationId, spokeAccountIds, readerRoleName } = scope.settings;
  const statement = (sid: string, conditions?: StatementDescription['conditions']): StatementDescription => ({
    sid,
    actions: ['sts:AssumeRole'],
    resources: [arn(scope, 'iam', `role/${readerRoleName}`, { region: '', account: '*' })],
    ...(conditions && { conditions }),
  });
  const inOrganization = { StringEquals: { 'aws:ResourceOrgID': organizationId } };
  const ofAccounts = { StringEquals: { 'aws:ResourceAccount': [...spokeAccountIds] } };
  if (organizationId === '') {
    return [statement('AssumeReaderRoles', spokeAccountIds.length > 0 ? ofAccounts : undefined)];
  }
  return [
    statement('AssumeReaderRoles', inOrganization),
    ...(spokeAccountIds.length > 0 ? [statement('AssumeReaderRolesOfSpokeAccounts', ofAccounts)] : []),
  ];
}

/** The notifier: CodePipeline, CodeBuild and CodeDeploy events → SNS (functions/notifier/). */
export const notifier: FunctionDescription = {
  logicalId: 'NotifierFunction',
  service: 'notifier',
  description: 'Turns CodePipeline, CodeBuild and CodeDeploy events into SNS notifications',
  entryPoint: 'functions/notifier/index.ts',
  timeoutSeconds: 60,
  environment: (scope) => ({
    NOTIFICATION_TOPIC_ARN: scope.arnOf('NotificationTopic'),
    PIPEWRIGHT_READER_ROLE_NAME: scope.settings.readerRoleName,
    PIPEWRIGHT_READER_EXTERNAL_ID: scope.settings.readerExternalId,
  }),
  statements: (scope) => {
    return [
      { sid: 'Publish', actions: ['sns:Publish'], resources: [scope.arnOf('NotificationTopic')] },
      {
        sid: 'EncryptForTopic',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [scope.arnOf('NotificationKey')],
      },
      // In the event's region: a spoke in this account forwards events of its other regions.
      {
        sid: 'EnrichPipelineEvents',
        actions: [
          'codepipeline:GetPipelineExecution',
          'codepipeline:ListActionExecutions',
          'codepipeline:ListPipelineExecutions',
        ],
        resources: [arn(scope, 'codepipeline', '*', { region: '*' })],
      },
      {
        sid: 'EnrichDeploymentEvents',
        actions: ['codedeploy:GetDeployment'],
        resources: [arn(scope, 'codedeploy', 'deploymentgroup:*', { region: '*' })],
      },
      // Events of another account are read with that account's reader role (templates/spoke.yaml).
      ...assumeReaderRoles(scope),
      ...readConfiguration(scope),
    ];
  },
  rules,
};
