import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ConfigurationError, describeError } from '../../lib/errors';
import { correlate, logger, metrics } from '../../lib/observability';
import { reportOnce } from '../../lib/report-once';
import { planChecks } from '../attempts';
import { hookCall } from '../aws-call';
import { loadServiceConfig, serviceConfigParameter } from '../config';
import { type EcsServiceTarget, describeTarget } from '../target';
import { type EcsHookAnswer, type EcsVerdict, toAnswer, verdict } from './answer';
import { type EcsHookEvent, parseEcsHookEvent } from './event';
import { readProgress } from './progress';
import { rollbackReason } from './rollback';
import { runStage } from './run-stage';
import { describeServiceDeployment } from './service-deployment';

/** What the invocation knows so far, for its log lines and a failure's answer. */
interface Known {
  subject: string;
  stage: string;
}

/**
 * Serves one Amazon ECS lifecycle hook invocation and always returns a valid answer — it never throws,
 * since a thrown error rolls the deployment back without a word. The work (parse the event, describe
 * the service deployment, load the service's configuration, run the stage's checks) runs under the
 * report-once guard's deadline, which keeps `PIPEWRIGHT_REPORT_RESERVE_MS` for the answer; whatever
 * goes wrong there — a malformed event, access denied, the deadline — is answered `FAILED` with the
 * reason, in the log and in `hookDetails`. A rollback is answered `SUCCEEDED` without checks.
 *
 * @example
 * ```ts
 * if (isEcsHookEvent(event)) return runEcsHook(event, context); // { hookStatus: 'SUCCEEDED', hookDetails: {…} }
 * ```
 */
export async function runEcsHook(event: unknown, context: Context): Promise<EcsHookAnswer> {
  const known: Known = { subject: 'an ECS lifecycle hook', stage: 'unknown' };
  try {
    const answered = await reportOnce<EcsVerdict>(context, {
      get subject() {
        return known.subject;
      },
      work: () => serve(event, known),
      failure: (error) => verdict('FAILED', known.stage, describeError(error)),
      report: async (v) => {
        const line = `Answering ${v.hookStatus} for ${known.subject}: ${v.reason}`;
        if (v.hookStatus === 'FAILED') logger.error(line, { hookStatus: v.hookStatus });
        else logger.info(line, { hookStatus: v.hookStatus });
        return v;
      },
      isAlreadyReported: () => false, // the answer is the return value: there is nothing to report twice
    });
    return toAnswer(answered);
  } catch (error) {
    return toAnswer(verdict('FAILED', known.stage, `could not answer: ${describeError(error)}`));
  }
}

async function serve(event: unknown, known: Known): Promise<EcsVerdict> {
  const hook = parseEcsHookEvent(event);
  known.subject = `ECS service ${hook.cluster}/${hook.service}`;
  known.stage = hook.stage ?? known.stage;
  // `ecsService`: Powertools' Logger reserves `service` (its own service name) and would drop it.
  correlate({ cluster: hook.cluster, ecsService: hook.service, executionId: hook.executionId });
  const early = hook.stage && rollbackReason(hook, hook.stage);
  if (early) return passRollback(known, hook.stage!, early);
  const deployment = await describeServiceDeployment(hook);
  const stage = hook.stage ?? deployment.stage;
  known.stage = stage ?? 'unknown';
  known.subject = `${known.subject} (${known.stage})`;
  correlate({ lifecycleStage: stage, serviceDeployment: deployment.arn });
  const rollback = rollbackReason(hook, stage, deployment);
  if (rollback) return passRollback(known, known.stage, rollback);
  const config = await hookCall('GetParametersByPath (configuration)', 'ssm:GetParametersByPath', () =>
    loadServiceConfig(hook.cluster, hook.service),
  );
  if (!config) {
    // The hook is attached to this service on purpose: a missing (or misnamed) parameter is a mistake to
    // fix, never a pass — else a typo in ConfigPath or the cluster name would wave every deployment through.
    throw new ConfigurationError(
      `No checks are configured for ECS service ${hook.cluster}/${hook.service}: create the parameter ` +
        `${serviceConfigParameter(hook.cluster, hook.service)} (see docs/deploy-hook.md), or detach the hook from the service`,
    );
  }
  const target = targetOf(hook, deployment.arn, stage);
  const planned = planChecks(
    config.checks,
    stage,
    'neither the event nor DescribeServiceDeployments names it',
  );
  const source = config.parameter;
  if (planned.length === 0) {
    logger.warn(`No check applies to ${describeTarget(target)} at ${known.stage} (configuration: ${source})`);
    metrics.addMetric('NoChecksConfigured', MetricUnit.Count, 1);
    return verdict('SUCCEEDED', known.stage, 'no check applies');
  }
  logger.info(`Running ${planned.map((c) => c.definition.name).join(', ')} on ${describeTarget(target)}`, {
    configuration: source,
  });
  return runStage({
    target,
    planned,
    listeners: config.listeners ?? {},
    progress: readProgress(hook, known.stage, planned),
    executionId: hook.executionId,
  });
}

/** A rollback is never held up: `SUCCEEDED` without checks, a WARN line and the `RollbackNotChecked` metric. */
function passRollback(known: Known, stage: string, why: string): EcsVerdict {
  logger.warn(
    `ECS is rolling back ${known.subject} (${why}): no checks run, so that the hook never holds up a rollback`,
  );
  metrics.addMetric('RollbackNotChecked', MetricUnit.Count, 1);
  return verdict('SUCCEEDED', stage, `rolling back (${why}): no checks run`);
}

function targetOf(hook: EcsHookEvent, serviceDeploymentArn: string, stage?: string): EcsServiceTarget {
  return {
    kind: 'ecs-service',
    cluster: hook.cluster,
    service: hook.service,
    serviceArn: hook.serviceArn,
    targetRevisionArn: hook.targetRevisionArn,
    serviceDeploymentArn,
    ...(stage ? { stage } : {}),
  };
}
