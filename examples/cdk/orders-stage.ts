import { Stack, Stage, type StageProps } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PipewrightDeployHook } from '../../cdk';

/**
 * The application a pipeline deploys: a function published behind an alias `live`, shifted by CodeDeploy
 * (10% for 5 minutes, then all) after the pipewright deploy hook has validated the new version.
 */
export class OrdersStage extends Stage {
  constructor(scope: Construct, id: string, props: StageProps = {}) {
    super(scope, id, props);
    const stack = new Stack(this, 'Orders');
    const api = new lambda.Function(stack, 'Api', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: 'ok' });"),
    });
    const live = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: api.currentVersion });
    const group = new codedeploy.LambdaDeploymentGroup(stack, 'Deployment', {
      alias: live,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
    });
    // Smoke-invokes the new version and checks the rules under /pipewright/prod/deploy-hook/ first.
    const hook = new PipewrightDeployHook(stack, 'DeployHook', {
      configPath: '/pipewright/prod/',
      hookTargetFunctions: `${stack.stackName}-*`,
    });
    hook.attachTo(group, 'preTraffic');
  }
}
