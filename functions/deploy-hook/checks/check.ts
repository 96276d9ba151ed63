import type * as z from 'zod';
import type { CheckTarget } from '../target';

/** What one attempt of a check saw. */
export interface CheckOutcome {
  passed: boolean;
  /** One line: what was expected and what was seen (this is what a failed hook's log line says). */
  detail: string;
  durationMs: number;
  /**
   * Set on an attempt that did not pass yet but may still: the check asks to be run again after
   * `afterMs`. Whoever runs it decides whether there is time for that (see `attempts.ts`); an attempt
   * that is not run again counts as this outcome, failed.
   */
  retry?: { afterMs: number };
  /**
   * Set when the check could not run because AWS kept failing transiently (throttling, 5xx) until the
   * work time was spent: no verdict on the target, so a runner that can call again later may do so.
   */
  transient?: true;
}

/** The service's listener URLs, as its configuration names them (`listeners`). */
export interface Listeners {
  /** The test listener (blue/green: where the new tasks answer before production traffic shifts). */
  test?: string;
  /** The production listener. */
  production?: string;
}

/** Which attempt of a check this is, and what the configuration says beside the check. */
export interface CheckRun {
  /** 1 for the first attempt; the attempts of one check count on across ECS hook invocations. */
  attempt: number;
  /** Epoch milliseconds of the first attempt. */
  startedAt: number;
  /** The listener URLs configured for the deployment (default: none). */
  listeners: Listeners;
}

/**
 * A deployment check: a name (what configuration calls it), a description, a zod schema of its options,
 * and `run`, which makes one attempt. `run` returns a failed outcome for an unhealthy target (with
 * `retry` when another attempt may still pass) and throws only when it cannot check at all.
 */
export interface CheckDefinition<Options extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** When the check passes, one line (the "passes when" column of docs/deploy-hook.md). */
  readonly description: string;
  /** Options as written in the configuration JSON, next to `"check"`, `"when"` and `"withinSeconds"`. */
  readonly options: Options;
  /** `run`: which attempt this is (default: {@link firstRun}, a first attempt without listeners). */
  run(options: z.output<Options>, target: CheckTarget, run?: CheckRun): Promise<CheckOutcome>;
}

/**
 * Declares a check with its option types inferred from the schema.
 *
 * @example
 * ```ts
 * export const pingCheck = defineCheck({
 *   name: 'ping',
 *   description: 'always',
 *   options: z.strictObject({}),
 *   run: async () => ({ passed: true, detail: 'pong', durationMs: 0 }),
 * });
 * ```
 */
export function defineCheck<Options extends z.ZodType>(
  check: CheckDefinition<Options>,
): CheckDefinition<Options> {
  return check;
}

/**
 * The first attempt of a check, started now.
 *
 * @example
 * ```ts
 * await alarmsCheck.run(options, target, firstRun()); // { passed: true, detail: '2 alarms checked, …' }
 * ```
 */
export function firstRun(listeners: Listeners = {}): CheckRun {
  return { attempt: 1, startedAt: Date.now(), listeners };
}
