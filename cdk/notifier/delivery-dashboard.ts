import { Aws, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DASHBOARD_NAME_SUFFIX, type DashboardEntry, deliveryDashboardBody } from '../description/dashboard';

/** Props of a {@link DeliveryDashboard}. */
export interface DeliveryDashboardProps {
  /** The queue of notifier events EventBridge could not deliver. */
  readonly eventsDeadLetterQueue: sqs.IQueue;
}

/**
 * template.yaml's `DeliveryDashboard`, rendered from the same description (cdk/description/dashboard.ts):
 * named `<stack name>-delivery`, the four keys per pipeline and the health of every function shown on it.
 *
 * @example
 * ```ts
 * const dashboard = new DeliveryDashboard(this, 'Dashboard', { eventsDeadLetterQueue });
 * dashboard.showHealth('notifier', fn, failureQueue);
 * ```
 */
export class DeliveryDashboard extends Construct {
  readonly dashboard: cloudwatch.CfnDashboard;
  private readonly functions: DashboardEntry[] = [];
  private readonly failureQueues: DashboardEntry[] = [];

  constructor(scope: Construct, id: string, props: DeliveryDashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.dashboard = new cloudwatch.CfnDashboard(this, 'Resource', {
      dashboardName: Fn.join('', [Aws.STACK_NAME, DASHBOARD_NAME_SUFFIX]),
      // Lazy: the constructs given the notifier add their functions after it is built.
      dashboardBody: Lazy.string({
        produce: () =>
          stack.toJsonString(
            deliveryDashboardBody({
              region: Aws.REGION,
              functions: this.functions,
              failureQueues: this.failureQueues,
              eventsDeadLetterQueue: props.eventsDeadLetterQueue.queueName,
            }),
          ),
      }),
    });
  }

  /** Shows a function's errors and its failure queue's depth in the health row. */
  showHealth(service: string, fn: lambda.IFunction, failureQueue: sqs.IQueue): void {
    this.functions.push({ service, name: fn.functionName });
    this.failureQueues.push({ service, name: failureQueue.queueName });
  }
}
