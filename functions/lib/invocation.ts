import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';
import { DeadlineExceededError } from './errors';
import { numberSetting, settingDefaults } from './settings';

/** What every piece of work inside one invocation can ask about: its abort signal and deadline. */
export interface WorkScope {
  /** Aborted when the work's time is up; every AWS SDK call made inside the scope listens to it. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds at which the work must have returned (Lambda deadline minus the reserve). */
  readonly deadlineAt: number;
  /**
   * The longest one AWS call attempt may take in this scope (each client's own request timeout still
   * applies when shorter), so that the SDK's retries fit in the budget (default: no cap).
   */
  readonly attemptTimeoutMs?: number;
}

/** Options of {@link runWithDeadline}. */
export interface DeadlineOptions {
  /** Cap on one AWS call attempt inside the scope (default: each client's own request timeout). */
  attemptTimeoutMs?: number;
}

const storage = new AsyncLocalStorage<WorkScope>();

/** The scope of the work currently running, if any. */
export function currentScope(): WorkScope | undefined {
  return storage.getStore();
}

/** Milliseconds left before the current work must return (`Infinity` outside a scope). */
export function remainingWorkMs(): number {
  const scope = storage.getStore();
  return scope ? scope.deadlineAt - Date.now() : Number.POSITIVE_INFINITY;
}

/**
 * Runs `work` with a time budget. When the budget is spent the scope's signal aborts (cancelling
 * in-flight AWS calls) and the returned promise rejects with {@link DeadlineExceededError}, even if
 * the work ignores the signal.
 *
 * @example
 * ```ts
 * const result = await runWithDeadline(context.getRemainingTimeInMillis() - 10_000, (signal) => task.run(signal));
 * ```
 */
export async function runWithDeadline<R>(
  budgetMs: number,
  work: (signal: AbortSignal) => Promise<R>,
  options: DeadlineOptions = {},
): Promise<R> {
  const controller = new AbortController();
  // setTimeout fires at once for delays above 2^31-1 ms (~24.8 days): clamp.
  const budget = Math.min(Math.max(0, Math.floor(budgetMs)), 2_147_483_647);
  const scope: WorkScope = {
    signal: controller.signal,
    deadlineAt: Date.now() + budget,
    attemptTimeoutMs: options.attemptTimeoutMs,
  };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(`the work did not finish within its ${budget} ms budget`);
      controller.abort(error);
      reject(error);
    }, budget);
  });
  const running = storage.run(scope, () => work(controller.signal));
  running.catch(() => undefined); // a late rejection after the deadline must not crash the runtime
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * {@link runWithDeadline} with the budget every handler uses: the Lambda time left minus the time kept
 * to report the result (`reserveMs`, default: `PIPEWRIGHT_REPORT_RESERVE_MS`, else 10000 ms).
 *
 * @example
 * ```ts
 * const result = await runBeforeReserve(context, (signal) => task.run(signal));
 * ```
 */
export function runBeforeReserve<R>(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  work: (signal: AbortSignal) => Promise<R>,
  reserveMs?: number,
): Promise<R> {
  return runWithDeadline(workBudgetMs(context, reserveMs), work);
}

/**
 * Milliseconds of work an invocation has left: the Lambda time left minus the time kept to report a
 * result (`reserveMs`, default: `PIPEWRIGHT_REPORT_RESERVE_MS`, else 10000 ms).
 *
 * @example
 * ```ts
 * if (workBudgetMs(context) < 3_000) handOver(job); // too little left to start it
 * ```
 */
export function workBudgetMs(context: Pick<Context, 'getRemainingTimeInMillis'>, reserveMs?: number): number {
  return context.getRemainingTimeInMillis() - reportReserveMs(reserveMs);
}

/** The time kept before the Lambda deadline to report a result: `reserveMs`, else `PIPEWRIGHT_REPORT_RESERVE_MS`, else 10000 ms. */
function reportReserveMs(reserveMs?: number): number {
  return numberSetting(reserveMs, 'PIPEWRIGHT_REPORT_RESERVE_MS', settingDefaults.reportReserveMs);
}

/** Longest time kept between the end of a final step and the Lambda deadline (default: 1000 ms). */
const MAX_FINAL_STEP_MARGIN_MS = 1_000;

/** Shortest cap on one attempt of a final step's AWS call (default: 1000 ms). */
const MIN_FINAL_ATTEMPT_MS = 1_000;

/** Options of {@link runBeforeDeadline}. */
export interface FinalStepOptions {
  /** The reporting reserve the work left (default: `PIPEWRIGHT_REPORT_RESERVE_MS`, else 10000 ms). */
  reserveMs?: number;
  /** Time kept between the end of the step and the Lambda deadline (default: a fifth of the reserve, at most 1000 ms). */
  marginMs?: number;
}

/**
 * Runs the final step of an invocation (reporting a job or hook result, publishing a notification)
 * so that it ends before the Lambda deadline: a scope of the Lambda time left minus `marginMs`, whose
 * abort signal every AWS call inside it gets, with each call attempt capped at a third of that budget
 * (at least 1000 ms) so that the SDK can retry inside it. When it cannot finish in time it rejects with
 * {@link DeadlineExceededError} *before* the deadline, so the invocation fails visibly (Lambda retries
 * it, then hands it to the failure destination) instead of being cut off by Lambda mid-report.
 *
 * @example
 * ```ts
 * await runBeforeDeadline(context, () => codepipeline.send(new PutJobFailureResultCommand(input)));
 * ```
 */
export function runBeforeDeadline<R>(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  work: (signal: AbortSignal) => Promise<R>,
  options: FinalStepOptions = {},
): Promise<R> {
  const reserve = reportReserveMs(options.reserveMs);
  const margin = options.marginMs ?? Math.min(MAX_FINAL_STEP_MARGIN_MS, reserve / 5);
  const budget = context.getRemainingTimeInMillis() - margin;
  const attemptTimeoutMs = Math.max(MIN_FINAL_ATTEMPT_MS, Math.floor(budget / 3));
  return runWithDeadline(budget, work, { attemptTimeoutMs });
}

/**
 * Waits `ms` milliseconds, or rejects as soon as the current scope's signal aborts.
 *
 * @example
 * ```ts
 * await pause(5_000); // between two HTTP attempts
 * ```
 */
export function pause(ms: number): Promise<void> {
  const signal = storage.getStore()?.signal;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
