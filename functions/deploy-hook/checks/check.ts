import type * as z from 'zod';
import type { DeploymentTarget } from '../deployment';

/** What one check run saw. */
export interface CheckOutcome {
  passed: boolean;
  /** One line: what was expected and what was seen (this is what a failed hook's log line says). */
  detail: string;
  durationMs: number;
}

/**
 * A deployment check: a name (what configuration calls it), a description, a zod schema of its options,
 * and `run`.
 * `run` returns a failed outcome for an unhealthy target and throws only when it cannot check at all.
 */
export interface CheckDefinition<Options extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** When the check passes, one line (the "passes when" column of docs/deploy-hook.md). */
  readonly description: string;
  /** Options as written in the configuration JSON, next to `"check"` and `"when"`. */
  readonly options: Options;
  run(options: z.output<Options>, target: DeploymentTarget): Promise<CheckOutcome>;
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
