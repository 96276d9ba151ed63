import type { Context } from 'aws-lambda';
import type { Notification } from './model';
import type { NotifierConfig } from './settings';

/**
 * The account the notifier runs in, read from its own ARN in the Lambda context (`undefined` without
 * one: outside Lambda every event is taken as the notifier's own).
 *
 * @example
 * ```ts
 * homeAccount({ invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:notifier' }); // '123456789012'
 * ```
 */
export function homeAccount(lambda?: Partial<Pick<Context, 'invokedFunctionArn'>>): string | undefined {
  return /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(lambda?.invokedFunctionArn ?? '')?.[1];
}

/**
 * Says where the event happened: the account's alias (`account-aliases`), and whether it is of another
 * account than `home` or another region than the function's own (`AWS_REGION`) — the messages then
 * name the account and region.
 *
 * @example
 * ```ts
 * locate(n, config, homeAccount(context)); // n.accountAlias = 'payments-prod', n.elsewhere = true
 * ```
 */
export function locate(n: Notification, config: NotifierConfig, home: string | undefined): void {
  const ownRegion = process.env.AWS_REGION;
  n.accountAlias = config.accountAliases[n.account];
  n.elsewhere =
    (home !== undefined && n.account !== home) || (ownRegion !== undefined && n.region !== ownRegion);
}
