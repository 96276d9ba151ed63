import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConfigurationError } from '../lib/errors';
import { currentScope, pause } from '../lib/invocation';
import { logger, metrics } from '../lib/observability';
import { countText } from '../lib/text';
import { attemptCheck, planChecks, recordOutcome } from './attempts';
import { hookCall } from './aws-call';
import { firstRun, type CheckOutcome, type Listeners } from './checks/check';
import { invokeCheck } from './checks/invoke';
import { deploymentConfigParameters, loadCheckConfig } from './config';
import type { DeploymentTarget } from './deployment';
import type { ConfiguredCheck } from './deployment-config';
import { describeTarget } from './target';

/** The verdict of one hook invocation: `Succeeded` only when every check passed. */
export interface HookVerdict {
  status: 'Succeeded' | 'Failed';
  /** One line for the log: which checks failed and why, or what passed. */
  reason: string;
}

/** Without configuration a Lambda deployment gets one smoke invoke of its target version. */
const defaultLambdaChecks: ConfiguredCheck[] = [
  { definition: invokeCheck, options: invokeCheck.options.parse({}) },
];

/**
 * Decides which checks apply to a CodeDeploy deployment (configuration, else the default), runs each one
 * to its end — a check that asks for another attempt gets it after the pause it asks for, within the
 * invocation — logs and counts every outcome, and returns the verdict. A check that throws counts as
 * failed. Once the work's deadline has passed (its signal aborted, the Failed verdict already reported)
 * no further check runs and no late outcome is logged or counted.
 *
 * @example
 * ```ts
 * const verdict = await runChecks(await describeDeployment(id, context.functionName));
 * ```
 */
export async function runChecks(target: DeploymentTarget): Promise<HookVerdict> {
  const config = await hookCall('GetParametersByPath (configuration)', 'ssm:GetParametersByPath', () =>
    loadCheckConfig(target),
  );
  if (!config && target.resource.kind !== 'lambda') {
    // Nothing to check by default (no function to invoke): a hook attached to this deployment group on
    // purpose must not wave it through because its parameter is missing or misnamed.
    const [group, app] = deploymentConfigParameters(target);
    throw new ConfigurationError(
      `No checks are configured for ${describeTarget(target)}: create the parameter ${group} (or ${app} for ` +
        'every group of the application; see docs/deploy-hook.md), or remove the hook from the AppSpec',
    );
  }
  const configured = config?.checks ?? defaultLambdaChecks;
  const source = config?.parameter ?? 'the default (no configuration found)';
  const [event, ...others] = target.lifecycleEvents;
  const known = event !== undefined && others.length === 0;
  const attachedTo = `attached to: ${target.lifecycleEvents.join(', ') || 'none found in the AppSpec'}`;
  const planned = planChecks(configured, known ? event : undefined, attachedTo);
  if (planned.length === 0) {
    logger.warn(
      `No check applies to ${describeTarget(target)} (configuration: ${source}); reporting Succeeded`,
    );
    metrics.addMetric('NoChecksConfigured', MetricUnit.Count, 1);
    return { status: 'Succeeded', reason: 'no check applies' };
  }
  logger.info(`Running ${planned.map((c) => c.definition.name).join(', ')} on ${describeTarget(target)}`, {
    configuration: source,
  });
  const failed: string[] = [];
  const signal = currentScope()?.signal;
  for (const check of planned) {
    const outcome = await settle(check, target, config?.listeners ?? {});
    signal?.throwIfAborted();
    recordOutcome(check.definition.name, outcome, target);
    if (!outcome.passed) failed.push(`${check.definition.name}: ${outcome.detail}`);
  }
  if (failed.length === 0)
    return { status: 'Succeeded', reason: `${countText(planned.length, 'check')} passed` };
  return {
    status: 'Failed',
    reason: `${failed.length} of ${countText(planned.length, 'check')} failed — ${failed.join(' | ')}`,
  };
}

/** Attempts a check until an outcome is final, pausing as each attempt asks (the deadline aborts a pause). */
async function settle(
  check: ConfiguredCheck,
  target: DeploymentTarget,
  listeners: Listeners,
): Promise<CheckOutcome> {
  let run = firstRun(listeners);
  for (;;) {
    const outcome = await attemptCheck(check, target, run);
    if (!outcome.retry) return outcome;
    await pause(outcome.retry.afterMs);
    run = { ...run, attempt: run.attempt + 1 };
  }
}
