import { Match, Template } from 'aws-cdk-lib/assertions';
import { notifier } from '../../cdk/description/notifier';
import { settingDefaults } from '../../cdk/description/settings';
import { sharedFunctionProps } from '../../cdk/description/shared';
import { deploymentScope } from '../template/described';
import { synthesizePipewright } from './synth';

const ruleTarget = sharedFunctionProps.ruleTarget;

describe('PipewrightNotifier', () => {
  const synth = synthesizePipewright({ pipelineNames: ['orders-prod'] });
  const template = Template.fromJSON(synth.template);
  const scope = deploymentScope(
    synth,
    { ...settingDefaults, pipelineNames: ['orders-prod'] },
    synth.resourceIds,
  );
  const functionArn = { 'Fn::GetAtt': [synth.logicalId(synth.notifier.function), 'Arn'] };
  const deadLetters = { 'Fn::GetAtt': [synth.logicalId(synth.notifier.eventsDeadLetterQueue), 'Arn'] };

  it.each(notifier.rules!)(
    'invokes the notifier on $id events, with EventBridge’s retries and a dead-letter queue',
    (rule) => {
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: Match.stringLikeRegexp(`-${rule.nameSuffix}$`),
        EventPattern: rule.pattern(scope),
        Targets: [
          {
            Id: Match.anyValue(),
            Arn: functionArn,
            RetryPolicy: {
              MaximumRetryAttempts: ruleTarget.retryAttempts,
              MaximumEventAgeInSeconds: ruleTarget.maxEventAgeSeconds,
            },
            DeadLetterConfig: { Arn: deadLetters },
          },
        ],
      });
    },
  );

  it('lets EventBridge write dead letters (through the key) for its own rules only', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map(
      (r) => r.Properties.Name as string,
    );
    const key = synth.template.Resources[synth.logicalId(synth.notifier.failureQueueKey)]!;
    const statement = (
      synth.resolve(key.Properties?.KeyPolicy) as { Statement: { Sid?: string; Condition: unknown }[] }
    ).Statement.find((s) => s.Sid === 'NotifierRulesDeadLetters');
    expect(statement?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnEquals: {
        'aws:SourceArn': rules.map((name) => `arn:aws:events:eu-west-1:123456789012:rule/${name}`),
      },
    });
  });

  it('lets only its function and the admitted alarms publish to the topic, and every alarm notifies it', () => {
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    const topic = { Ref: synth.logicalId(synth.notifier.topic) };
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topic] });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OnlyNotifierAndStackAlarmsPublish',
            Effect: 'Deny',
            Condition: {
              ArnNotEquals: {
                'aws:PrincipalArn': {
                  'Fn::GetAtt': [Match.stringLikeRegexp('NotifierFunctionServiceRole'), 'Arn'],
                },
                'aws:SourceArn': alarms.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
              },
            },
          }),
        ]),
      },
    });
    // Each function's errors and failure queue, unreported job and hook results, the notifier's three on events.
    expect(alarms).toHaveLength(13);
  });

  it('subscribes the chat delivery to the topic, which alone may invoke it', () => {
    const chat = { 'Fn::GetAtt': [synth.logicalId(synth.notifier.chatDeliveryFunction), 'Arn'] };
    const topic = { Ref: synth.logicalId(synth.notifier.topic) };
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: topic,
      Endpoint: chat,
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: chat,
      Principal: 'sns.amazonaws.com',
      SourceArn: topic,
    });
  });

  it('encrypts the topic with a key of its own, which alarms of the account may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.notifier.notificationKey), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AlarmsPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('adds a hub event bus for the organisation, and one rule there with every described pattern', () => {
    const hub = synthesizePipewright({ organizationId: 'o-a1b2c3d4e5' });
    const hubTemplate = Template.fromJSON(hub.template);
    const hubScope = deploymentScope(
      hub,
      { ...settingDefaults, organizationId: 'o-a1b2c3d4e5' },
      hub.resourceIds,
    );
    hubTemplate.resourceCountIs('AWS::Events::EventBus', 1);
    hubTemplate.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
    });
    hubTemplate.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: hub.logicalId(hub.notifier.hubEventBus!) },
      EventPattern: { $or: notifier.rules!.map((rule) => rule.pattern(hubScope)) },
    });
    expect(synth.notifier.hubEventBus).toBeUndefined();
  });
});
