import { type ActionExecutionDetail, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { retryStageCommand, withConsoleRegion } from '../links';
import type { Failure } from '../model';
import { isRecovery } from '../rules';
import { caps, redactOptional } from '../redact';
import type { EnrichmentClients } from './clients';
import type { Enricher } from './enricher';

const MAX_PAGES = 3;

/**
 * `ListActionExecutions` filtered by the pipeline execution: the failed action(s) with stage,
 * provider, error code and summary, and the link to the build or deployment. For a failed pipeline it
 * also gives the retry command; for a recovery it tells what had failed in the previous run.
 */
export const failedActions: Enricher = {
  name: 'failed-actions',
  appliesTo: (n) => n.severity === 'critical' || n.severity === 'warning' || isRecovery(n),
  run: async (n, aws) => {
    const recovery = isRecovery(n);
    const executionId = recovery ? n.previous!.executionId : n.executionId;
    const failures = await listFailures(aws, n.resource, executionId, n.region);
    if (recovery) {
      n.previous!.failures = failures;
      return;
    }
    n.failures = failures;
    const stage = failures.find((f) => f.stage)?.stage;
    if (n.state === 'FAILED' && stage) {
      n.retryCommand = retryStageCommand(n.region, n.resource, stage, n.executionId);
    }
  },
};

async function listFailures(
  aws: EnrichmentClients,
  pipelineName: string,
  pipelineExecutionId: string,
  region: string,
): Promise<Failure[]> {
  const failed: ActionExecutionDetail[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await aws.codepipeline.send(
      new ListActionExecutionsCommand({
        pipelineName,
        filter: { pipelineExecutionId },
        maxResults: 100,
        nextToken,
      }),
    );
    failed.push(...(answer.actionExecutionDetails ?? []).filter((a) => a.status === 'Failed'));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return failed.slice(0, caps.items).map((action) => toFailure(action, region));
}

function toFailure(action: ActionExecutionDetail, region: string): Failure {
  const result = action.output?.executionResult;
  return {
    stage: action.stageName,
    action: action.actionName,
    provider: action.input?.actionTypeId?.provider,
    code: redactOptional(result?.errorDetails?.code, caps.name),
    summary: redactOptional(result?.externalExecutionSummary ?? result?.errorDetails?.message, caps.summary),
    url: withConsoleRegion(redactOptional(result?.externalExecutionUrl, caps.url), region),
  };
}
