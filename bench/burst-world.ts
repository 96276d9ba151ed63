import type { EndpointState } from '../local/endpoint/state';
import { LOCAL_ACCOUNT_ID } from '../local/template/intrinsics';

/** The hub's own account (the local runner's) and four spokes, each with ten pipelines. */
export const ACCOUNTS = [LOCAL_ACCOUNT_ID, '111111111111', '222222222222', '333333333333', '444444444444'];
const PIPELINES_PER_ACCOUNT = 10;
const REGION_OF: Record<string, string> = { [LOCAL_ACCOUNT_ID]: 'eu-west-1' };
const START = Date.parse('2026-05-12T09:00:00Z');

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
/** A UUID-shaped execution id, unique per account, pipeline and run (its first 8 characters too). */
const executionIdOf = (a: number, p: number, i: number) =>
  `${hex(a * 1_000_000 + p * 1_000 + i + 1, 8)}-${hex(p, 4)}-4${hex(i + 1, 3)}-8000-${hex(a, 12)}`;
/** Whether the i-th execution of a pipeline fails: about a quarter of them, some two in a row. */
const fails = (i: number) => i % 5 === 2 || i % 7 === 3;

/** One pipeline execution end of the burst, and whether it must notify (a failure or a recovery). */
export interface BurstEvent {
  event: Record<string, unknown>;
  notifies: boolean;
}

/**
 * A burst of `perPipeline` × 50 pipeline execution ends within one minute — five accounts (the hub's
 * own and four spokes in us-east-1, each with a reader role), ten pipelines each — and the state that
 * answers their enrichment: each pipeline's history (one older success, then the burst's executions),
 * a failed action per failure, a source revision per execution.
 *
 * @example
 * ```ts
 * const { state, events } = burstWorld(20); // 1,000 events
 * ```
 */
export function burstWorld(perPipeline: number): { state: EndpointState; events: BurstEvent[] } {
  const state: EndpointState = { codepipeline: { pipelines: {} }, accounts: {} };
  const events: BurstEvent[] = [];
  ACCOUNTS.forEach((account, a) => {
    const region = REGION_OF[account] ?? 'us-east-1';
    const pipelines: Record<
      string,
      { executions: Record<string, unknown>[]; actionExecutions: Record<string, unknown>[] }
    > = {};
    for (let p = 0; p < PIPELINES_PER_ACCOUNT; p++) {
      const name = `app-${a}-${p}-prod`;
      const executions: Record<string, unknown>[] = [];
      const actionExecutions: Record<string, unknown>[] = [];
      for (let i = -1; i < perPipeline; i++) {
        const executionId = executionIdOf(a, p, i);
        const start = START + (i * 60_000) / perPipeline + p * 500;
        const end = start + 40_000;
        const status = i >= 0 && fails(i) ? 'Failed' : 'Succeeded';
        const revision = {
          name: 'SourceArtifact',
          revisionId: `${executionId.replace(/-/g, '')}00000000`.slice(0, 40),
          revisionSummary: `change ${i}`,
          created: iso(start - 3_600_000),
        };
        executions.unshift({
          pipelineExecutionId: executionId,
          status,
          startTime: iso(start),
          lastUpdateTime: iso(end),
          trigger: { triggerType: 'Webhook' },
          artifactRevisions: [revision],
        });
        if (status === 'Failed')
          actionExecutions.push({
            pipelineExecutionId: executionId,
            stageName: 'Deploy',
            actionName: 'Deploy',
            status: 'Failed',
            input: {
              actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' },
            },
            output: { executionResult: { externalExecutionSummary: `Deployment of change ${i} failed` } },
          });
        if (i < 0) continue;
        const previousFailed = i > 0 && fails(i - 1);
        events.push({
          notifies: status === 'Failed' || previousFailed,
          event: {
            version: '0',
            id: `${executionId}-event`,
            'detail-type': 'CodePipeline Pipeline Execution State Change',
            source: 'aws.codepipeline',
            account,
            time: iso(end),
            region,
            resources: [`arn:aws:codepipeline:${region}:${account}:${name}`],
            detail: {
              pipeline: name,
              'execution-id': executionId,
              'start-time': iso(start),
              state: status.toUpperCase(),
              version: 1,
            },
          },
        });
      }
      pipelines[name] = { executions, actionExecutions };
    }
    if (account === LOCAL_ACCOUNT_ID) state.codepipeline = { pipelines };
    else state.accounts![account] = { roles: [{ name: 'pipewright-reader' }], codepipeline: { pipelines } };
  });
  return { state, events };
}
