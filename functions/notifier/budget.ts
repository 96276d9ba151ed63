import type { Context } from 'aws-lambda';
import { DeadlineExceededError, describeError } from '../lib/errors';
import { runBeforeReserve } from '../lib/invocation';
import { logger } from '../lib/observability';

/**
 * Runs an optional step (configuration, enrichment) so that publishing keeps its reserve
 * (`PIPEWRIGHT_REPORT_RESERVE_MS`): past the budget its AWS calls are aborted and the notification goes
 * out without it — a hung enrichment call must not cost the notification itself. Without a Lambda
 * context (tests) the step just runs.
 *
 * @example
 * ```ts
 * await withinBudget(context, 'Enrichment', () => enrich(n, enrichers), () => undefined);
 * ```
 */
export async function withinBudget<T>(
  lambda: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  step: string,
  work: () => Promise<T>,
  fallback: () => T,
): Promise<T> {
  if (!lambda) return work();
  try {
    return await runBeforeReserve(lambda, work);
  } catch (error) {
    if (!(error instanceof DeadlineExceededError)) throw error;
    logger.warn(`${step} ran out of time; publishing without it`, { reason: describeError(error) });
    return fallback();
  }
}

/**
 * Says why the invocation fails when Publish could not finish before the Lambda deadline, then rethrows.
 *
 * @example
 * ```ts
 * await runBeforeDeadline(context, send).catch(lateFor({ resource: 'orders-prod' }));
 * ```
 */
export const lateFor =
  (context: Record<string, unknown>) =>
  (error: unknown): never => {
    if (error instanceof DeadlineExceededError) {
      logger.error('Could not publish before the Lambda deadline; failing the invocation so Lambda retries', {
        ...context,
        reason: describeError(error),
      });
    }
    throw error;
  };
