import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TransientAwsError, describeError } from '../lib/errors';
import { logger, metrics } from '../lib/observability';
import { formatDuration } from '../lib/text';
import type { CheckOutcome, CheckRun } from './checks/check';
import type { ConfiguredCheck } from './deployment-config';
import { type CheckTarget, describeTarget } from './target';

/**
 * Makes one attempt of a configured check. A check that throws (it cannot check at all) is a failed
 * outcome saying why, never retried. A check past its `withinSeconds` (counted from its first attempt,
 * across ECS hook invocations) fails without an attempt, and a retry that would start after it is not
 * asked for: the outcome is then final. `durationMs` is the attempt's, or the time since the first
 * attempt from the second on.
 *
 * @example
 * ```ts
 * let outcome = await attemptCheck(check, target, firstRun(config.listeners));
 * if (outcome.retry) await pause(outcome.retry.afterMs); // then attempt again with attempt + 1
 * ```
 */
export async function attemptCheck(
  check: ConfiguredCheck,
  target: CheckTarget,
  run: CheckRun,
): Promise<CheckOutcome> {
  const endsAt = check.withinSeconds === undefined ? Infinity : run.startedAt + check.withinSeconds * 1000;
  const started = Date.now();
  if (started > endsAt) {
    return {
      passed: false,
      durationMs: started - run.startedAt,
      detail: `did not pass within ${check.withinSeconds} s (withinSeconds) of its first attempt, ${formatDuration(started - run.startedAt)} ago`,
    };
  }
  let outcome: CheckOutcome;
  try {
    outcome = await check.definition.run(check.options, target, run);
  } catch (error) {
    outcome = {
      passed: false,
      durationMs: Date.now() - started,
      detail: `could not run: ${describeError(error)}`,
      ...(error instanceof TransientAwsError && { transient: true as const }),
    };
  }
  if (run.attempt > 1) outcome = { ...outcome, durationMs: Date.now() - run.startedAt };
  if (outcome.retry && Date.now() + outcome.retry.afterMs > endsAt) {
    const { retry: _dropped, ...final } = outcome;
    return {
      ...final,
      detail: `${final.detail}; no further attempt within ${check.withinSeconds} s (withinSeconds)`,
    };
  }
  return outcome;
}

/**
 * Logs a check's final outcome — INFO `Check <name> passed: …` or ERROR `Check <name> FAILED on <target>:
 * expected …, got …` — and counts it (`CheckPassed` / `CheckFailed`, dimension `check`).
 *
 * @example
 * ```ts
 * recordOutcome('http', { passed: false, durationMs: 812, detail: 'GET …/health: expected status 2xx, got 503' }, target);
 * ```
 */
export function recordOutcome(name: string, outcome: CheckOutcome, target: CheckTarget): void {
  const single = metrics.singleMetric();
  single.addDimension('check', name);
  single.addMetric(outcome.passed ? 'CheckPassed' : 'CheckFailed', MetricUnit.Count, 1);
  const fields = {
    check: name,
    passed: outcome.passed,
    durationMs: outcome.durationMs,
    detail: outcome.detail,
  };
  if (outcome.passed) logger.info(`Check ${name} passed: ${outcome.detail}`, fields);
  else logger.error(`Check ${name} FAILED on ${describeTarget(target)}: ${outcome.detail}`, fields);
}

/**
 * The checks that apply at `event` (a CodeDeploy lifecycle event or an ECS stage): a check limited with
 * `when` runs only at those. When the hook cannot tell its event (`undefined`), every check runs and a
 * warning names each limited one — a check is never skipped silently.
 *
 * @example
 * ```ts
 * planChecks(config.checks, 'POST_TEST_TRAFFIC_SHIFT', 'none found in the AppSpec');
 * ```
 */
export function planChecks(
  configured: ConfiguredCheck[],
  event: string | undefined,
  whyUnknown: string,
): ConfiguredCheck[] {
  return configured.filter((check) => {
    if (!check.when) return true;
    if (event !== undefined) return check.when.includes(event);
    logger.warn(
      `Check ${check.definition.name} is limited to ${check.when.join(', ')} but this hook cannot tell which ` +
        `lifecycle event it serves (${whyUnknown}); running it`,
    );
    return true;
  });
}
