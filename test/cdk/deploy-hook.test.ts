import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PipewrightDeployHook } from '../../cdk';

describe('PipewrightDeployHook', () => {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'App');
  const hooks = ['Hook', 'SecondHook'].map((id) => new PipewrightDeployHook(stack, id));
  const group = (id: string) => {
    const fn = new lambda.Function(stack, `${id}Fn`, {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
    const alias = new lambda.Alias(stack, `${id}Live`, { aliasName: 'live', version: fn.currentVersion });
    return new codedeploy.LambdaDeploymentGroup(stack, `${id}Group`, { alias });
  };
  hooks[0]!.attachTo(group('Orders'));
  hooks[1]!.attachTo(group('Billing'), 'postTraffic');
  const template = Template.fromStack(stack);
  const functionId = (hook: PipewrightDeployHook) =>
    stack.getLogicalId(hook.function.node.defaultChild as lambda.CfnFunction);

  it('runs as the deployment group’s BeforeAllowTraffic or AfterAllowTraffic hook', () => {
    const updates = Object.values(template.findResources('AWS::Lambda::Alias')).map(
      (a) => a.UpdatePolicy.CodeDeployLambdaAliasUpdate,
    );
    expect(updates).toEqual([
      expect.objectContaining({ BeforeAllowTrafficHook: { Ref: functionId(hooks[0]!) } }),
      expect.objectContaining({ AfterAllowTrafficHook: { Ref: functionId(hooks[1]!) } }),
    ]);
  });

  it('needs no CodeDeployHook_ name: the group’s role may invoke that very function', () => {
    for (const hook of hooks)
      expect(template.toJSON().Resources[functionId(hook)].Properties.FunctionName).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('OrdersGroupServiceRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'lambda:InvokeFunction',
            Resource: Match.arrayWith([{ 'Fn::GetAtt': [functionId(hooks[0]!), 'Arn'] }]),
          }),
        ]),
      },
    });
  });

  it('gives Amazon ECS a role that may invoke the hook (and its versions) only', () => {
    const roleId = stack.getLogicalId(hooks[0]!.ecsHookRole.node.defaultChild as lambda.CfnFunction);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' } })],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'lambda:InvokeFunction',
            Effect: 'Allow',
            Resource: [
              { 'Fn::GetAtt': [functionId(hooks[0]!), 'Arn'] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [functionId(hooks[0]!), 'Arn'] }, ':*']] },
            ],
          },
        ],
      },
    });
  });
});
