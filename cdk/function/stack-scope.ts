import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DescriptionScope, StackResource } from '../description/scope';
import type { Settings } from '../description/settings';

/**
 * The scope a function description is evaluated in for a construct: its stack's partition, region and
 * account (tokens unless the stack's environment fixes them), the construct's settings and the ARNs of
 * the resources it owns.
 *
 * @example
 * ```ts
 * const scope = stackScope(this, settings, { NotificationTopic: topic.topicArn });
 * ```
 */
export function stackScope(
  construct: IConstruct,
  settings: Settings,
  resources: Partial<Record<StackResource, string>> = {},
): DescriptionScope {
  const stack = Stack.of(construct);
  return {
    partition: stack.partition,
    region: stack.region,
    account: stack.account,
    settings,
    arnOf(resource) {
      const value = resources[resource];
      if (value === undefined) throw new Error(`${construct.node.path} has no ${resource}`);
      return value;
    },
  };
}
