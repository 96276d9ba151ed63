import { ListPipelineExecutionsCommand, type PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import type { Notification, PreviousRun } from '../model';
import { caps, redact } from '../redact';
import type { Enricher } from './enricher';

const completed = new Set(['Succeeded', 'Failed', 'Stopped']);
const at = (date: Date | undefined) => (date ? date.getTime() : undefined);

/**
 * `ListPipelineExecutions` (newest first): the execution's duration, its trigger and stop reason, and
 * the previous completed run — for "Previous run: ..." and for recovery detection, with how many
 * runs in a row had failed and since when.
 */
export const pipelineHistory: Enricher = {
  name: 'pipeline-history',
  appliesTo: () => true,
  run: async (n, aws) => {
    const { pipelineExecutionSummaries: runs = [] } = await aws.codepipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: n.resource, maxResults: 25 }),
    );
    const index = runs.findIndex((run) => run.pipelineExecutionId === n.executionId);
    const current = runs[index];
    if (current) describeCurrent(n, current);
    const older = (
      index >= 0 ? runs.slice(index + 1) : runs.filter((r) => r.pipelineExecutionId !== n.executionId)
    ).filter((run) => run.pipelineExecutionId && completed.has(run.status ?? ''));
    n.previous = previousRun(older);
  },
};

function describeCurrent(n: Notification, run: PipelineExecutionSummary): void {
  const started = at(run.startTime);
  const ended = at(run.lastUpdateTime) ?? n.time;
  if (started !== undefined && ended >= started) n.durationMs = ended - started;
  if (!n.trigger && run.trigger?.triggerType) {
    n.trigger = {
      type: run.trigger.triggerType,
      detail: redact(run.trigger.triggerDetail ?? '', caps.name) || undefined,
    };
  }
  if (run.stopTrigger?.reason) n.facts.push(`Stop reason: ${redact(run.stopTrigger.reason, caps.summary)}`);
}

function previousRun(older: PipelineExecutionSummary[]): PreviousRun | undefined {
  const [previous] = older;
  if (!previous) return undefined;
  const result: PreviousRun = { executionId: previous.pipelineExecutionId!, status: previous.status! };
  if (previous.status !== 'Failed') return result;
  let failedRuns = 0;
  for (const run of older) {
    if (run.status !== 'Failed') break;
    failedRuns += 1;
    result.redSince = at(run.lastUpdateTime) ?? at(run.startTime);
  }
  return { ...result, failedRuns };
}
