import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type Settings, settingDefaults } from '../description/settings';

/** The settings every pipewright construct takes (each default is template.yaml's). */
export interface PipewrightBaseProps extends Partial<
  Pick<Settings, 'configPath' | 'logLevel' | 'logRetentionDays' | 'failureRetentionDays'>
> {
  /**
   * Customer managed key encrypting the construct's failure queues: a key of the same stack, which
   * several pipewright constructs may share (its policy lets each function's role encrypt through SQS
   * only). (default: a new key with rotation)
   *
   * @example
   * ```ts
   * const failureQueueKey = new kms.Key(this, 'FailureQueueKey', { enableKeyRotation: true });
   * new PipewrightDeployHook(this, 'Hook', { failureQueueKey });
   * ```
   */
  readonly failureQueueKey?: kms.Key;
}

/**
 * The settings of a construct's props, every default applied. A `configPath` that is not `/…/` and a
 * failure retention SQS cannot keep are refused at once.
 */
export function resolveSettings(props: Partial<Settings>): Settings {
  const keys = Object.keys(settingDefaults) as (keyof Settings)[];
  const given = Object.fromEntries(
    keys.filter((key) => props[key] !== undefined).map((key) => [key, props[key]]),
  );
  const settings = { ...settingDefaults, ...given } as Settings;
  if (!/^\/([A-Za-z0-9_.-]+\/)+$/.test(settings.configPath)) {
    throw new Error(
      `configPath must start and end with '/' and name at least one level, e.g. /pipewright/prod/ (got ${JSON.stringify(settings.configPath)})`,
    );
  }
  if (
    !Number.isInteger(settings.failureRetentionDays) ||
    settings.failureRetentionDays < 1 ||
    settings.failureRetentionDays > 14
  ) {
    throw new Error(
      `failureRetentionDays must be a whole number of days from 1 to 14 (got ${settings.failureRetentionDays})`,
    );
  }
  return settings;
}

/** Where a construct's alarms notify: a {@link PipewrightNotifier} (its topic admits them). */
export interface AlarmPublisher {
  /** Sends the alarm's state changes to the notification topic. */
  publishAlarm(alarm: cloudwatch.Alarm): void;
  /** Shows a function's errors and its failure queue's depth on the delivery dashboard, if there is one. */
  showHealth?(service: string, fn: lambda.IFunction, failureQueue: sqs.IQueue): void;
}

/** The props of a construct whose functions' alarms may notify. */
export interface AlarmedProps {
  /**
   * A notifier of the same stack: the construct's alarms notify its topic, which admits them.
   * (default: alarms without actions)
   *
   * @example
   * ```ts
   * new PipewrightDeployHook(this, 'Hook', { notifier });
   * ```
   */
  readonly notifier?: AlarmPublisher;
}

/** The given failure queue key, else a new one of the construct. */
export function failureQueueKeyOf(scope: Construct, props: PipewrightBaseProps): kms.Key {
  return (
    props.failureQueueKey ??
    new kms.Key(scope, 'FailureQueueKey', {
      description: `Encrypts the pipewright failure queues of ${scope.node.path}`,
      enableKeyRotation: true,
    })
  );
}
