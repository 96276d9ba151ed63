import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RuleDescription } from '../description/function-description';
import type { DescriptionScope } from '../description/scope';
import { sharedFunctionProps } from '../description/shared';
import { HubEventBus } from './hub-event-bus';

/** Props of {@link NotifierEvents}. */
export interface NotifierEventsProps {
  readonly notifier: lambda.IFunction;
  readonly rules: readonly RuleDescription[];
  readonly scope: DescriptionScope;
  /** Rules are named `<namePrefix>-<suffix>`, the hub's bus and rule `<namePrefix>-hub`. */
  readonly namePrefix: string;
  readonly failureQueueKey: kms.Key;
}

/** A rule's name, and the bus it is on when not the default one. */
export interface RuleName {
  readonly ruleName: string;
  readonly eventBusName?: string;
}

/**
 * The rules that invoke the notifier (the described ones on the default bus, and on a hub bus all their
 * patterns in one rule), with EventBridge's retries and an encrypted dead-letter queue for what it still
 * cannot deliver. The names are fixed so that the key's policy can name the rules without a cycle.
 */
export class NotifierEvents extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly ruleNames: RuleName[] = [];
  readonly hub?: HubEventBus;

  constructor(scope: Construct, id: string, props: NotifierEventsProps) {
    super(scope, id);
    const { notifier, rules, scope: values, namePrefix, failureQueueKey } = props;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: failureQueueKey,
      retentionPeriod: Duration.days(values.settings.failureRetentionDays),
      enforceSSL: true,
    });
    const { retryAttempts, maxEventAgeSeconds } = sharedFunctionProps.ruleTarget;
    const target = new targets.LambdaFunction(notifier, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts,
      maxEventAge: Duration.seconds(maxEventAgeSeconds),
    });
    const rule = (
      ruleId: string,
      name: RuleName,
      eventPattern: Record<string, unknown>,
      eventBus?: events.IEventBus,
    ) => {
      new events.Rule(this, ruleId, { ruleName: name.ruleName, eventBus, eventPattern, targets: [target] });
      this.ruleNames.push(name);
    };
    for (const r of rules) rule(r.id, { ruleName: `${namePrefix}-${r.nameSuffix}` }, r.pattern(values));
    const { organizationId, spokeAccountIds } = values.settings;
    if (organizationId !== '' || spokeAccountIds.length > 0) {
      const hubName = `${namePrefix}-hub`;
      this.hub = new HubEventBus(this, 'Hub', { eventBusName: hubName, organizationId, spokeAccountIds });
      const patterns = rules.map((r) => r.pattern(values));
      rule('HubRule', { ruleName: hubName, eventBusName: hubName }, { $or: patterns }, this.hub.eventBus);
    }
    const stack = Stack.of(this);
    const arnOf = (name: RuleName) =>
      `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${name.eventBusName ? `${name.eventBusName}/` : ''}${name.ruleName}`;
    failureQueueKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NotifierRulesDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.ruleNames.map(arnOf) },
        },
      }),
    );
  }
}
