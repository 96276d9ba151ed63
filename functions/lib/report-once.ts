import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ConfigurationError, DeadlineExceededError, describeError, isAccessDenied } from './errors';
import { runBeforeDeadline, runBeforeReserve } from './invocation';
import { logger, metrics } from './observability';

/**
 * The "report exactly once" contract of an asynchronous AWS callback (a CodePipeline job, a
 * CodeDeploy lifecycle hook): run the work under a deadline, turn any failure into a failure result,
 * report that result once, and treat "already reported" as done.
 */
export interface ReportOnce<Result> {
  /** What the log lines call the thing being reported (`job 1a2b…`, `hook d-123…`). */
  readonly subject: string;
  /**
   * The work. Its result is what gets reported. A {@link ConfigurationError} or an AWS denial it throws
   * is not logged here: the failure result carries its message, and the reporter logs that once.
   */
  work(signal: AbortSignal): Promise<Result>;
  /** Converts a thrown error (including a deadline) into the failure result to report. */
  failure(error: unknown): Result;
  /**
   * Sends the result to AWS and returns the result actually reported (a fallback when AWS rejected the
   * first). Must throw if nothing could be delivered (after the SDK's retries).
   */
  report(result: Result): Promise<Result>;
  /** True when `report` failed only because a result was already recorded (duplicate delivery). */
  isAlreadyReported(error: unknown): boolean;
  /**
   * True when `report` failed in a way no retry can fix (the callback no longer exists or its ids are
   * invalid). The result is then logged as an error and counted (`ResultUnreportable`), and the invocation
   * ends normally instead of being retried (default: never).
   */
  isUnreportable?(error: unknown): boolean;
}

/**
 * Records a result that can never be reported (its ids are invalid, the callback no longer exists):
 * one ERROR line saying why and a `ResultUnreportable` metric. Nothing is thrown, since no retry can
 * change it.
 *
 * @example
 * ```ts
 * unreportable('job "x"', 'the id is not a CodePipeline job id');
 * ```
 */
export function unreportable(subject: string, reason: string, error?: unknown): void {
  logger.error(
    `The result of ${subject} cannot be reported (${reason}); a retry cannot change that, so the invocation ends without an error`,
    error === undefined ? {} : { error: error as Error },
  );
  metrics.addMetric('ResultUnreportable', MetricUnit.Count, 1);
}

/** Options of {@link reportOnce}. */
export interface ReportOnceOptions {
  /** Time kept before the Lambda deadline for reporting (default: `PIPEWRIGHT_REPORT_RESERVE_MS`, else 10000 ms). */
  reserveMs?: number;
  /**
   * Time kept between the end of reporting and the Lambda deadline: a report that has not finished by
   * then is aborted and the invocation throws before Lambda's timeout (default: a fifth of the reserve,
   * at most 1000 ms).
   */
  marginMs?: number;
}

/**
 * Runs a {@link ReportOnce} contract. The result starts as a failure; the work runs with a budget of
 * the remaining Lambda time minus the reserve; whatever happens, one result is reported, inside the
 * reserve: every AWS call of `report` gets an abort signal that fires `marginMs` before the Lambda
 * deadline and attempts short enough for the SDK's retries to fit. A report that cannot finish in time
 * makes the invocation throw before the deadline — never a result sent after it. The
 * invocation fails (so Lambda retries it) only when the result itself could not be reported and a retry
 * might help: "already reported" is done, and "cannot be reported" (`isUnreportable`) is logged and counted.
 * Returns the result reported (else the result that could not be).
 *
 * @example
 * ```ts
 * const result = await reportOnce(context, {
 *   subject: `job ${jobId}`,
 *   work: async () => toJobResult(task, await task.run(params, taskContext)),
 *   failure: (error) => failureOf(error, task.name), // { kind: 'failure', type, message }
 *   report: (result) => reportJobResult(jobId, result), // resolves to the result reported
 *   isAlreadyReported, // InvalidJobStateException: a result was already recorded
 *   isUnreportable,
 * });
 * ```
 */
export async function reportOnce<Result>(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  contract: ReportOnce<Result>,
  options: ReportOnceOptions = {},
): Promise<Result> {
  let result: Result;
  try {
    result = await runBeforeReserve(context, contract.work, options.reserveMs);
  } catch (error) {
    // A configuration or permission mistake is the user's to fix: the reported failure says it (one line, no stack).
    if (!(error instanceof ConfigurationError) && !isAccessDenied(error)) {
      logger.error(`Work for ${contract.subject} failed: ${describeError(error)}`, { error: error as Error });
    }
    result = contract.failure(error);
  }
  try {
    return await runBeforeDeadline(context, () => contract.report(result), options);
  } catch (error) {
    if (contract.isAlreadyReported(error)) {
      logger.warn(
        `A result for ${contract.subject} was already reported (duplicate delivery); nothing to do`,
      );
      return result;
    }
    if (contract.isUnreportable?.(error)) {
      unreportable(contract.subject, describeError(error), error);
      return result;
    }
    const why = error instanceof DeadlineExceededError ? ' before the Lambda deadline' : '';
    logger.error(
      `Could not report the result of ${contract.subject}${why}; failing the invocation so Lambda retries`,
      {
        error: error as Error,
      },
    );
    throw error;
  }
}
