import type { FunctionDescription, StatementDescription } from './function-description';
import { arn, type DescriptionScope } from './scope';

/** `/`, `/a`, `/a/b` for `/a/b/`: a path's ancestors and itself, without the trailing slash. */
function pathAndAncestors(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  return ['/', ...segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}`)];
}

/**
 * Running a job: reporting its result, and what each task calls (functions/pipeline-action/tasks/).
 * template.yaml's JobRunnerPolicy, shared by the pipeline action and the job worker.
 *
 * @example
 * ```ts
 * statements: (scope) => [...ownStatements(scope), ...jobRunnerStatements(scope)],
 * ```
 */
export function jobRunnerStatements(scope: DescriptionScope): StatementDescription[] {
  const { configPath, exportableParameterPath, automationAssumeRoleArn } = scope.settings;
  const automationExecutions = arn(scope, 'ssm', 'automation-execution/*');
  const statements: StatementDescription[] = [
    // no resource-level permissions for job results
    {
      sid: 'ReportJobResult',
      actions: ['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult'],
      resources: ['*'],
    },
    {
      sid: 'LoadParametersTask',
      actions: ['ssm:GetParametersByPath'],
      resources: [arn(scope, 'ssm', `parameter${exportableParameterPath}`)],
    },
    // GetParametersByPath returns everything below the path it is allowed on, whatever a Deny on those
    // parameters says: deny the configuration, the path itself and each of its ancestors.
    {
      sid: 'NeverExportStackConfiguration',
      effect: 'Deny',
      actions: [
        'ssm:GetParametersByPath',
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:GetParameterHistory',
      ],
      resources: [`${configPath}*`, ...pathAndAncestors(configPath)].map((p) =>
        arn(scope, 'ssm', `parameter${p}`),
      ),
    },
    {
      sid: 'ChangeCalendarGateTask',
      actions: ['ssm:GetCalendarState'],
      resources: [arn(scope, 'ssm', 'document/*')],
    },
    // DescribeAlarms has no resource-level permissions
    { sid: 'AlarmGateTask', actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] },
    {
      sid: 'RunAutomationTaskStart',
      actions: ['ssm:StartAutomationExecution'],
      resources: [
        arn(scope, 'ssm', 'automation-definition/*'),
        // runbooks AWS owns (AWS-RestartEC2Instance, ...) have no account id in their ARN
        arn(scope, 'ssm', 'automation-definition/*', { account: '' }),
        automationExecutions,
      ],
    },
    {
      sid: 'RunAutomationTaskFollow',
      actions: ['ssm:GetAutomationExecution'],
      resources: [automationExecutions],
    },
  ];
  if (automationAssumeRoleArn === '') return statements;
  const passRole: StatementDescription = {
    sid: 'RunAutomationTaskPassRole',
    actions: ['iam:PassRole'],
    resources: [automationAssumeRoleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
  };
  return [...statements, passRole];
}

/** The CodePipeline Lambda invoke action running pipewright tasks (functions/pipeline-action/). */
export const pipelineAction: FunctionDescription = {
  logicalId: 'PipelineActionFunction',
  service: 'pipeline-action',
  description: 'CodePipeline Lambda invoke action running pipewright tasks',
  entryPoint: 'functions/pipeline-action/index.ts',
  // Long work hands over through continuation tokens well before this.
  timeoutSeconds: 300,
  environment: () => ({}),
  statements: jobRunnerStatements,
};
