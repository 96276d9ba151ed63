import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { describeError } from '../lib/errors';
import { currentScope } from '../lib/invocation';
import { logger, metrics } from '../lib/observability';
import { countText } from '../lib/text';
import { hookCall } from './aws-call';
import type { CheckOutcome } from './checks/check';
import { invokeCheck } from './checks/invoke';
import { loadCheckConfig, type ConfiguredCheck } from './config';
import type { DeploymentTarget } from './deployment';

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
 * Decides which checks apply to a deployment (configuration, else the default), runs each one, logs
 * and counts every outcome, and returns the verdict. A check that throws counts as failed. Once the work's
 * deadline has passed (its signal aborted, the Failed verdict already reported) no further check runs and
 * no late outcome is logged or counted.
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
  const configured = config?.checks ?? (target.resource.kind === 'lambda' ? defaultLambdaChecks : []);
  const source = config?.parameter ?? 'the default (no configuration found)';
  const planned = configured.filter((check) => applies(check, target));
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
  for (const { definition, options } of planned) {
    const outcome = await runOne(() => definition.run(options, target));
    signal?.throwIfAborted();
    record(definition.name, outcome, target);
    if (!outcome.passed) failed.push(`${definition.name}: ${outcome.detail}`);
  }
  if (failed.length === 0)
    return { status: 'Succeeded', reason: `${countText(planned.length, 'check')} passed` };
  return {
    status: 'Failed',
    reason: `${failed.length} of ${countText(planned.length, 'check')} failed — ${failed.join(' | ')}`,
  };
}

/** A check limited with `when` runs only at those events; if the hook cannot tell its event, it runs. */
function applies(check: ConfiguredCheck, target: DeploymentTarget): boolean {
  if (!check.when) return true;
  const [event, ...others] = target.lifecycleEvents;
  if (event !== undefined && others.length === 0) return check.when.includes(event as never);
  logger.warn(
    `Check ${check.definition.name} is limited to ${check.when.join(', ')} but this hook cannot tell which ` +
      `lifecycle event it serves (attached to: ${target.lifecycleEvents.join(', ') || 'none found in the AppSpec'}); running it`,
  );
  return true;
}

async function runOne(run: () => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const started = Date.now();
  try {
    return await run();
  } catch (error) {
    return {
      passed: false,
      durationMs: Date.now() - started,
      detail: `could not run: ${describeError(error)}`,
    };
  }
}

function record(name: string, outcome: CheckOutcome, target: DeploymentTarget): void {
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

/** `orders-api:8 (alias live, from 7)` or `ECS task definition …:12 (container web:8080)`. */
function describeTarget({ resource }: DeploymentTarget): string {
  if (resource.kind === 'lambda') {
    return `${resource.functionName}:${resource.targetVersion} (alias ${resource.alias}, from version ${resource.currentVersion})`;
  }
  return `ECS task definition ${resource.taskDefinition} (container ${resource.containerName}:${resource.containerPort})`;
}
