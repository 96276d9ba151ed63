import { Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { chatDelivery } from '../description/chat-delivery';
import { notifier } from '../description/notifier';
import type { Settings } from '../description/settings';
import { ALARM_PERIOD, anyAboveZero, pipewrightMetric } from '../function/alarms';
import { PipewrightFunction } from '../function/pipewright-function';
import {
  type AlarmPublisher,
  failureQueueKeyOf,
  type PipewrightBaseProps,
  resolveSettings,
} from '../function/props';
import { stackScope } from '../function/stack-scope';
import { DeliveryDashboard } from './delivery-dashboard';
import { NotificationTopic } from './notification-topic';
import { NotifierEvents } from './notifier-events';

/** Props of a {@link PipewrightNotifier}. */
export interface PipewrightNotifierProps
  extends
    PipewrightBaseProps,
    Partial<
      Pick<
        Settings,
        | 'configKmsKeyArn'
        | 'pipelineNames'
        | 'organizationId'
        | 'spokeAccountIds'
        | 'readerRoleName'
        | 'readerExternalId'
      >
    > {
  /**
   * Email address subscribed to the notification topic. (default: none)
   *
   * @example 'delivery-team@example.com'
   */
  readonly notificationEmail?: string;
  /**
   * The topic's display name, the sender of email notifications. (default: `pipewright`)
   *
   * @example 'pipewright prod'
   */
  readonly displayName?: string;
  /**
   * Whether to create the delivery dashboard `<stack name>-delivery` (template.yaml's `DeliveryDashboard`,
   * docs/metrics.md): the four keys per pipeline and the health of the notifier's functions and of those
   * of the constructs given this notifier. One per stack: give the others `dashboard: false`. (default: `true`)
   *
   * @example false
   */
  readonly dashboard?: boolean;
}

/**
 * The notifier: EventBridge rules for CodePipeline, CodeBuild and CodeDeploy state changes (and, with
 * `organizationId` or `spokeAccountIds`, a hub event bus for the spokes), the function turning each event
 * into one clear notification, and the encrypted topic it publishes to, which the construct's alarms and
 * those of the other pipewright constructs given this notifier notify too. The chat delivery, subscribed
 * to the topic, posts each notification to the chat channels configured under
 * `<configPath>notifier/channels/` (docs/notifier.md). Unless `dashboard: false`, the delivery dashboard
`<stack name>-delivery` of template.yaml shows the four keys per pipeline and the health of its functions
and of those of the constructs given this notifier.
 *
 * @example
 * ```ts
 * const notifier = new PipewrightNotifier(this, 'Notifier', { notificationEmail: 'team@example.com' });
 * new PipewrightDeployHook(this, 'Hook', { notifier });
 * ```
 */
export class PipewrightNotifier extends Construct implements AlarmPublisher {
  readonly function: lambda.Function;
  /** Posts each notification of the topic to the configured Slack, Microsoft Teams and Google Chat channels. */
  readonly chatDeliveryFunction: lambda.Function;
  readonly topic: sns.Topic;
  readonly notificationKey: kms.Key;
  readonly failureQueueKey: kms.Key;
  /** Events EventBridge could not deliver to the function after its retries. */
  readonly eventsDeadLetterQueue: sqs.Queue;
  /** The hub's bus, when `organizationId` or `spokeAccountIds` is set. */
  readonly hubEventBus?: events.EventBus;
  /** The delivery dashboard, unless `dashboard` is `false`. */
  readonly dashboard?: cloudwatch.CfnDashboard;
  private readonly deliveryDashboard?: DeliveryDashboard;
  private readonly notifications: NotificationTopic;

  constructor(scope: Construct, id: string, props: PipewrightNotifierProps = {}) {
    super(scope, id);
    const settings = resolveSettings(props);
    this.failureQueueKey = failureQueueKeyOf(this, props);
    this.notifications = new NotificationTopic(this, 'Notifications', {
      displayName: props.displayName ?? 'pipewright',
      email: props.notificationEmail,
    });
    this.topic = this.notifications.topic;
    this.notificationKey = this.notifications.key;
    const values = stackScope(this, settings, {
      NotificationTopic: this.topic.topicArn,
      NotificationKey: this.notificationKey.keyArn,
    });
    const built = new PipewrightFunction(this, 'Notifier', {
      description: notifier,
      scope: values,
      failureQueueKey: this.failureQueueKey,
    });
    this.function = built.function;
    this.notifications.admitPublisher(this.function.role!);
    const chat = new PipewrightFunction(this, 'ChatDelivery', {
      description: chatDelivery,
      scope: values,
      failureQueueKey: this.failureQueueKey,
    });
    this.chatDeliveryFunction = chat.function;
    // SNS invokes it asynchronously: Lambda retries, and keeps what still fails in its failure queue.
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.chatDeliveryFunction));
    const namePrefix = Names.uniqueResourceName(this, { maxLength: 40, separator: '-' });
    const rules = new NotifierEvents(this, 'Events', {
      notifier: this.function,
      rules: notifier.rules ?? [],
      scope: values,
      namePrefix,
      failureQueueKey: this.failureQueueKey,
    });
    this.eventsDeadLetterQueue = rules.deadLetterQueue;
    this.hubEventBus = rules.hub?.eventBus;
    if (props.dashboard ?? true) {
      this.deliveryDashboard = new DeliveryDashboard(this, 'Dashboard', {
        eventsDeadLetterQueue: this.eventsDeadLetterQueue,
      });
      this.dashboard = this.deliveryDashboard.dashboard;
      this.showHealth(notifier.service, built.function, built.failureQueue);
      this.showHealth(chatDelivery.service, chat.function, chat.failureQueue);
    }
    const lostEvents = Object.fromEntries(
      rules.ruleNames.map((name, i) => [
        `rule${i}`,
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'InvocationsFailedToBeSentToDlq',
          dimensionsMap: {
            RuleName: name.ruleName,
            ...(name.eventBusName && { EventBusName: name.eventBusName }),
          },
          statistic: 'Sum',
          period: ALARM_PERIOD,
        }),
      ]),
    );
    const alarms = [
      ...built.alarms,
      ...chat.alarms,
      anyAboveZero(
        this,
        'EventsRejectedAlarm',
        pipewrightMetric('EventRejected', notifier.service),
        'The notifier rejected an event of a known family that it could not read (a failure may have gone unnotified).',
      ),
      anyAboveZero(
        this,
        'EventsDeadLetterQueueAlarm',
        this.eventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: 'Maximum',
        }),
        'EventBridge could not deliver events to the notifier (see the dead-letter queue).',
      ),
      anyAboveZero(
        this,
        'DeadLetterDeliveryAlarm',
        new cloudwatch.MathExpression({
          expression: Object.keys(lostEvents)
            .map((key) => `FILL(${key}, 0)`)
            .join(' + '),
          usingMetrics: lostEvents,
          label: 'Notifier events lost (dead-letter queue unwritable)',
          period: ALARM_PERIOD,
        }),
        'EventBridge could not write undeliverable notifier events to the dead-letter queue; those events are lost.',
      ),
    ];
    for (const alarm of alarms) this.publishAlarm(alarm);
  }

  publishAlarm(alarm: cloudwatch.Alarm): void {
    this.notifications.publishAlarm(alarm);
  }

  showHealth(service: string, fn: lambda.IFunction, failureQueue: sqs.IQueue): void {
    this.deliveryDashboard?.showHealth(service, fn, failureQueue);
  }
}
