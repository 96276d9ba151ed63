import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { sharedFunctionProps } from '../description/shared';

/** Every pipewright alarm looks at 5-minute periods. */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * An alarm that fires as soon as the metric is above zero in one period, and stays quiet without data
 * (template.yaml's alarms).
 *
 * @example
 * ```ts
 * anyAboveZero(this, 'Errors', fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }), 'The function failed.');
 * ```
 */
export function anyAboveZero(
  scope: Construct,
  id: string,
  metric: cloudwatch.IMetric,
  alarmDescription: string,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    metric,
    alarmDescription,
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** A Pipewright metric (EMF, namespace `Pipewright`) of one service, summed per period. */
export function pipewrightMetric(metricName: string, service: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: sharedFunctionProps.metricsNamespace,
    metricName,
    dimensionsMap: { service },
    statistic: 'Sum',
    period: ALARM_PERIOD,
  });
}
