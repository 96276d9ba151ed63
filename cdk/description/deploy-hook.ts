import type { FunctionDescription } from './function-description';
import { arn } from './scope';
import { readConfiguration } from './shared';

/**
 * The CodeDeploy (and Amazon ECS) lifecycle hook validating a new version before traffic shifts
 * (functions/deploy-hook/).
 */
export const deployHook: FunctionDescription = {
  logicalId: 'DeployHookFunction',
  service: 'deploy-hook',
  description: 'CodeDeploy and Amazon ECS lifecycle hook validating the new version before traffic shifts',
  entryPoint: 'functions/deploy-hook/index.ts',
  timeoutSeconds: 300,
  environment: () => ({}),
  statements: (scope) => {
    const targets = scope.settings.hookTargetFunctions;
    return [
      {
        sid: 'ReadAndReportDeployment',
        actions: ['codedeploy:GetDeployment', 'codedeploy:PutLifecycleEventHookExecutionStatus'],
        resources: [arn(scope, 'codedeploy', 'deploymentgroup:*')],
      },
      // GetDeployment never returns the AppSpec content; its revision does
      {
        sid: 'ReadAppSpec',
        actions: ['codedeploy:GetApplicationRevision'],
        resources: [arn(scope, 'codedeploy', 'application:*')],
      },
      {
        sid: 'InvokeTargetVersion',
        actions: ['lambda:InvokeFunction'],
        resources: [
          arn(scope, 'lambda', `function:${targets}`),
          arn(scope, 'lambda', `function:${targets}:*`),
        ],
      },
      // DescribeAlarms has no resource-level permissions
      { sid: 'AlarmsCheck', actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] },
      // Amazon ECS lifecycle hooks: the service deployment an event belongs to.
      {
        sid: 'ReadEcsServiceDeployments',
        actions: ['ecs:DescribeServiceDeployments', 'ecs:ListServiceDeployments'],
        resources: [arn(scope, 'ecs', 'service/*'), arn(scope, 'ecs', 'service-deployment/*')],
      },
      ...readConfiguration(scope),
    ];
  },
};
