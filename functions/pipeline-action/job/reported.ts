import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../lib/observability';
import type { JobResult } from './result';

const METRIC_OF: Record<JobResult['kind'], string> = {
  success: 'TaskSucceeded',
  failure: 'TaskFailed',
  continue: 'TaskContinued',
};

/**
 * What a reported job leaves behind: a `TaskSucceeded` / `TaskFailed` / `TaskContinued` metric with
 * the task as its dimension, and one log line — WARN for a failure, the one line it gets (a
 * configuration mistake is logged nowhere else), INFO otherwise.
 *
 * @example
 * ```ts
 * recordReported({ kind: 'success', summary: '2 alarms checked' }, 'alarm-gate');
 * ```
 */
export function recordReported(result: JobResult, taskName: string): void {
  const metric = metrics.singleMetric();
  metric.addDimension('task', taskName);
  metric.addMetric(METRIC_OF[result.kind], MetricUnit.Count, 1);
  if (result.kind === 'failure') {
    logger.warn(`Reported ${result.type}: ${result.message}`, {
      outcome: result.kind,
      failureType: result.type,
    });
  } else {
    logger.info(`Reported ${result.kind}`, { outcome: result.kind, detail: result.summary });
  }
}
