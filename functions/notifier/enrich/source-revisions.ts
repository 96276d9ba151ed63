import { GetPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import type { Revision } from '../model';
import { isRecovery } from '../rules';
import { firstLine } from '../formatting';
import { caps, redact, redactOptional } from '../redact';
import type { Enricher } from './enricher';

/**
 * `GetPipelineExecution`: the source revisions (commit id, message, link, time) and the trigger of a
 * failed, stopped or recovered pipeline execution — and of a successful production one, whose lead time
 * the delivery metrics take from its revisions' times.
 */
export const sourceRevisions: Enricher = {
  name: 'source-revisions',
  appliesTo: (n) =>
    n.severity !== 'info' || isRecovery(n) || (n.delivery === true && n.state === 'SUCCEEDED'),
  run: async (n, aws) => {
    const { pipelineExecution: execution } = await aws.codepipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: n.resource, pipelineExecutionId: n.executionId }),
    );
    n.revisions = (execution?.artifactRevisions ?? [])
      .filter((r) => r.revisionId)
      .slice(0, caps.items)
      .map((r): Revision => ({
        name: r.name,
        id: redact(r.revisionId!, caps.name),
        summary: redactOptional(commitMessage(r.revisionSummary), caps.commitMessage),
        url: redactOptional(r.revisionUrl, caps.url),
        time: r.created?.getTime(),
      }));
    const trigger = execution?.trigger;
    if (trigger?.triggerType) {
      n.trigger = { type: trigger.triggerType, detail: redactOptional(trigger.triggerDetail, caps.name) };
    }
  },
};

/**
 * The commit subject of a revision summary. CodeStar connections (GitHub, Bitbucket, GitLab) give a
 * JSON document `{"ProviderType":"GitHub","CommitMessage":"..."}`; CodeCommit and S3 give plain text.
 */
function commitMessage(summary: string | undefined): string | undefined {
  if (!summary) return undefined;
  if (summary.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(summary) as { CommitMessage?: unknown };
      if (typeof parsed.CommitMessage === 'string') return firstLine(parsed.CommitMessage);
    } catch {
      // not JSON after all: use it as text
    }
  }
  return firstLine(summary);
}
