import type { Settings } from './settings';

/** Resources of the stack a function description names, by their logical id in template.yaml. */
export type StackResource = 'NotificationTopic' | 'NotificationKey';

/**
 * What a function description's values are made of. The CDK constructs give tokens (`Aws.PARTITION`, a
 * topic's `topicArn`) and their props; the template test gives the values template.yaml resolves to for
 * one stack and parameter set, so both are compared as one deployment would see them.
 *
 * @example
 * ```ts
 * const resource = (scope: DescriptionScope) =>
 *   `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:parameter${scope.settings.configPath}*`;
 * ```
 */
export interface DescriptionScope {
  /** `AWS::Partition`. */
  readonly partition: string;
  /** `AWS::Region`. */
  readonly region: string;
  /** `AWS::AccountId`. */
  readonly account: string;
  /** The deployment's settings, every default applied. */
  readonly settings: Settings;
  /** The ARN of a resource of the stack (what template.yaml's `!Ref` / `!GetAtt ….Arn` of it gives). */
  arnOf(resource: StackResource): string;
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<rest>` in the scope's partition, region and account;
 * `region` / `account` override them (`''` for ARNs without one, `*` for any).
 *
 * @example
 * ```ts
 * arn(scope, 'ssm', 'automation-definition/*', { account: '' }); // runbooks AWS owns
 * ```
 */
export function arn(
  scope: DescriptionScope,
  service: string,
  rest: string,
  overrides: { region?: string; account?: string } = {},
): string {
  const { region = scope.region, account = scope.account } = overrides;
  return `arn:${scope.partition}:${service}:${region}:${account}:${rest}`;
}
