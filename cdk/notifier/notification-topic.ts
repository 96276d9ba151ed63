import { Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Props of a {@link NotificationTopic}. */
export interface NotificationTopicProps {
  /** Shown as the sender of email notifications. */
  readonly displayName: string;
  /** Subscribed to the topic when set. */
  readonly email?: string;
}

/**
 * The encrypted SNS topic notifications and alarms go to. Only its publisher (the notifier's role, set by
 * {@link admitPublisher}) and the alarms given to {@link publishAlarm} may publish, over TLS only: anyone
 * else could send a notification that looks like pipewright's.
 *
 * @example
 * ```ts
 * const notifications = new NotificationTopic(this, 'Notifications', { displayName: 'pipewright prod' });
 * notifications.publishAlarm(alarm);
 * ```
 */
export class NotificationTopic extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;
  private readonly alarmArns: string[] = [];

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const fromStackAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
      },
    };
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the pipewright notification topic of ${stack.stackName}`,
      enableKeyRotation: true,
    });
    // Alarms of this account and region: the topic policy narrows them to the admitted ones.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromStackAlarms,
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AccountManages',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['sns:Subscribe', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic'],
        resources: [this.topic.topicArn],
      }),
    );
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromStackAlarms,
      }),
    );
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /** Lets `role` (and, with the admitted alarms, no one else) publish. Call it once. */
  admitPublisher(role: iam.IRole): void {
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyNotifierAndStackAlarmsPublish',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        // Both must hold to deny: neither the publisher nor one of the admitted alarms.
        conditions: {
          ArnNotEquals: {
            'aws:PrincipalArn': role.roleArn,
            'aws:SourceArn': Lazy.list({ produce: () => this.alarmArns }),
          },
        },
      }),
    );
  }

  /** Sends the alarm's state changes to the topic, which admits it. */
  publishAlarm(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
    this.alarmArns.push(alarm.alarmArn);
  }
}
