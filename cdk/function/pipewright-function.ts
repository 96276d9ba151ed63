import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionDescription, StatementDescription } from '../description/function-description';
import type { DescriptionScope } from '../description/scope';
import { functionEnvironment, sharedFunctionProps as shared } from '../description/shared';
import { ALARM_PERIOD, anyAboveZero } from './alarms';
import { bundledCode } from './bundled-code';
import { FailureQueueDestination } from './failure-queue-destination';

/** Props of a {@link PipewrightFunction}. */
export interface PipewrightFunctionProps {
  /** What to build (cdk/description/). */
  readonly description: FunctionDescription;
  /** The values the description is evaluated with (see `stackScope`). */
  readonly scope: DescriptionScope;
  /** Encrypts the failure queue. */
  readonly failureQueueKey: kms.Key;
}

const toPolicyStatement = (s: StatementDescription) =>
  new iam.PolicyStatement({
    sid: s.sid,
    effect: s.effect === 'Deny' ? iam.Effect.DENY : iam.Effect.ALLOW,
    actions: [...s.actions],
    resources: [...s.resources],
    ...(s.conditions && { conditions: s.conditions }),
  });

/**
 * One pipewright function built from its description: the bundled entry point, its environment and role
 * statements, a log group keeping logs `logRetentionDays`, Lambda's retries with failures kept in an
 * encrypted queue, and alarms on its errors and on that queue.
 *
 * @example
 * ```ts
 * const hook = new PipewrightFunction(this, 'Hook', { description: deployHook, scope, failureQueueKey });
 * ```
 */
export class PipewrightFunction extends Construct {
  readonly function: lambda.Function;
  /** Invocations that failed after Lambda's retries (raw events: encrypted, kept `failureRetentionDays`). */
  readonly failureQueue: sqs.Queue;
  /** Fire on a function error and on a failure record. */
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PipewrightFunctionProps) {
    super(scope, id);
    const { description: d, scope: values, failureQueueKey } = props;
    const { settings } = values;
    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: failureQueueKey,
      retentionPeriod: Duration.days(settings.failureRetentionDays),
      enforceSSL: true,
    });
    const asyncInvoke = d.asyncInvoke ?? shared.asyncInvoke;
    this.function = new lambda.Function(this, 'Function', {
      description: d.description,
      code: bundledCode(d.entryPoint),
      handler: shared.handler,
      runtime: new lambda.Runtime(shared.runtime, lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      architecture: lambda.Architecture.custom(shared.architecture, `linux/${shared.architecture}`),
      memorySize: shared.memoryMb,
      timeout: Duration.seconds(d.timeoutSeconds),
      tracing: shared.tracing as lambda.Tracing,
      loggingFormat: shared.logFormat as lambda.LoggingFormat,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: settings.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: functionEnvironment(d, values),
      retryAttempts: asyncInvoke.retryAttempts,
      maxEventAge: Duration.seconds(asyncInvoke.maxEventAgeSeconds),
      onFailure: new FailureQueueDestination(this.failureQueue, failureQueueKey),
    });
    for (const statement of d.statements(values)) this.function.addToRolePolicy(toPolicyStatement(statement));
    this.alarms = [
      anyAboveZero(
        this,
        'ErrorsAlarm',
        this.function.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
        `The pipewright ${d.service} function failed.`,
      ),
      anyAboveZero(
        this,
        'FailureQueueAlarm',
        this.failureQueue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: 'Maximum',
        }),
        `A pipewright ${d.service} invocation failed after Lambda's retries (see the failure queue).`,
      ),
    ];
  }
}
