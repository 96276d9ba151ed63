import {
  type AutomationExecution,
  GetAutomationExecutionCommand,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import * as z from 'zod';
import { ConfigurationError, awsErrorName, describeError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { outputVariableProblems, sanitiseKey } from './support/output-variables';
import { automationPhase, failedStepText, stepProgress } from './support/automation-status';
import { ssm } from './support/ssm-client';
import { waitIfTimeAllows } from './support/wait-if-time-allows';
import { defineTask } from './task';

/** Time between two looks at a running execution within one invocation. */
const POLL_MS = 5_000;
const NOT_FOUND = new Set([
  'AutomationDefinitionNotFoundException',
  'AutomationDefinitionVersionNotFoundException',
  'InvalidAutomationExecutionParametersException',
]);

const params = z.strictObject({
  document: z.string().min(1),
  documentVersion: z.string().min(1).optional(),
  parameters: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

async function look(executionId: string): Promise<AutomationExecution> {
  const answer = await ssm().send(new GetAutomationExecutionCommand({ AutomationExecutionId: executionId }));
  return answer.AutomationExecution ?? {};
}

function outputsOf(execution: AutomationExecution): Record<string, string> | undefined {
  const entries = Object.entries(execution.Outputs ?? {}).map(([key, values]) => [
    sanitiseKey(key),
    values.join(','),
  ]);
  if (entries.length === 0) return undefined;
  const outputs = Object.fromEntries(entries) as Record<string, string>;
  return outputVariableProblems(outputs).length === 0 ? outputs : undefined;
}

/**
 * `run-automation`: starts an SSM Automation document (idempotently: the job id is the client token)
 * and follows it, polling every 5 s while the invocation has time and handing over through the
 * continuation token otherwise, until it succeeds (outputs become output variables when they fit) or
 * fails, times out or is cancelled (the failure names the step and its message).
 *
 * @example UserParameters
 * ```json
 * {"task":"run-automation","document":"AWS-RestartEC2Instance","parameters":{"InstanceId":["i-0abc"]}}
 * ```
 */
export const runAutomationTask = defineTask({
  name: 'run-automation',
  description: 'Runs an SSM Automation document and follows it to the end',
  params,
  state: z.strictObject({ executionId: z.string().min(1) }),
  async run(p, ctx) {
    let executionId = ctx.previous?.executionId;
    if (!executionId) {
      const parameters = Object.fromEntries(
        Object.entries(p.parameters ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
      );
      const started = await ssm()
        .send(
          new StartAutomationExecutionCommand({
            DocumentName: p.document,
            DocumentVersion: p.documentVersion,
            Parameters: parameters,
            ClientToken: ctx.job.jobId,
          }),
        )
        .catch((error: unknown) => {
          if (!NOT_FOUND.has(awsErrorName(error) ?? '')) throw error;
          throw new ConfigurationError(
            `Automation document "${p.document}" cannot be started: ${describeError(error)}`,
          );
        });
      executionId = started.AutomationExecutionId!;
    }
    const label = `Automation ${p.document} (execution ${executionId})`;
    const unknownSeen = new Set<string>();
    for (;;) {
      const execution = await look(executionId);
      const status = execution.AutomationExecutionStatus ?? 'no status';
      const phase = automationPhase(execution.AutomationExecutionStatus);
      if (phase === undefined && !unknownSeen.has(status)) {
        unknownSeen.add(status);
        logger.warn('Automation status not known to this function: still polling', { executionId, status });
      }
      if (phase === 'succeeded') {
        return {
          status: 'succeeded',
          summary: `${label} succeeded${status === 'Success' ? '' : ` (${status})`}`,
          outputVariables: { AutomationExecutionId: executionId, ...outputsOf(execution) },
          externalExecutionId: executionId,
        };
      }
      if (phase === 'failed') {
        return {
          status: 'failed',
          message: `${label} ended ${status}: ${failedStepText(execution)}`,
          externalExecutionId: executionId,
        };
      }
      if (!(await waitIfTimeAllows(POLL_MS, 0))) {
        const { done, total, current } = stepProgress(execution);
        return {
          status: 'inProgress',
          state: { executionId },
          summary: `${label} ${status}${current ? ` at step ${current}` : ''} (${done} of ${total} steps done)`,
          percentComplete: total ? (done / total) * 100 : 0,
          externalExecutionId: executionId,
        };
      }
    }
  },
});
