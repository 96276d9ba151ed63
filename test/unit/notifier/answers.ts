import {
  PipelineExecutionNotFoundException,
  PipelineNotFoundException,
  type ActionExecutionDetail,
  type GetPipelineExecutionInput,
  type GetPipelineExecutionOutput,
  type ListActionExecutionsInput,
  type ListActionExecutionsOutput,
  type ListPipelineExecutionsInput,
  type ListPipelineExecutionsOutput,
  type PipelineExecution,
  type PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { NotFoundException, type PublishInput, type PublishResponse } from '@aws-sdk/client-sns';
import { awsError } from '../../support/aws-error';
import { type Seeded, withDates } from '../sample-answers';

/**
 * The notifier's AWS answers over the seeded state (local/state/notifier.json), for
 * aws-sdk-client-mock's `.callsFake(...)`. Each reads the state at every call, so a test may change it.
 */

/** The part of local/state/notifier.json the notifier's answers are built from. */
export interface NotifierState {
  codepipeline: { pipelines: Record<string, { executions: Seeded[]; actionExecutions: Seeded[] }> };
  codedeploy: { deployments: Record<string, Seeded> };
  sns: { topics: string[] };
}

function pipeline(state: NotifierState, name = '') {
  const found = state.codepipeline.pipelines[name];
  if (!found) {
    throw awsError(
      PipelineNotFoundException,
      `Account '123456789012' does not have a pipeline with name '${name}'`,
    );
  }
  return found;
}

const startedAt = (execution: Seeded) => Date.parse(String(execution.startTime));

/** The members of one output type: a seeded execution holds those of a summary and of the execution. */
function pick(record: Seeded, members: string[]): Seeded {
  return Object.fromEntries(members.filter((m) => m in record).map((m) => [m, record[m]]));
}

const SUMMARY_MEMBERS = [
  'pipelineExecutionId',
  'status',
  'statusSummary',
  'startTime',
  'lastUpdateTime',
  'sourceRevisions',
  'trigger',
  'stopTrigger',
  'executionMode',
  'executionType',
  'rollbackMetadata',
];
const EXECUTION_MEMBERS = [
  'pipelineName',
  'pipelineVersion',
  'pipelineExecutionId',
  'status',
  'statusSummary',
  'artifactRevisions',
  'variables',
  'trigger',
  'executionMode',
  'executionType',
  'rollbackMetadata',
];

/** `ListPipelineExecutions`: the seeded executions of the pipeline, newest first, one page. */
export function listPipelineExecutions(state: NotifierState) {
  return ({ pipelineName, maxResults = 100 }: ListPipelineExecutionsInput): ListPipelineExecutionsOutput => {
    const newestFirst = [...pipeline(state, pipelineName).executions].sort(
      (a, b) => startedAt(b) - startedAt(a),
    );
    return {
      pipelineExecutionSummaries: withDates<PipelineExecutionSummary[]>(
        newestFirst.slice(0, maxResults).map((e) => pick(e, SUMMARY_MEMBERS)),
      ),
    };
  };
}

/** `GetPipelineExecution`: one seeded execution of the pipeline. */
export function getPipelineExecution(state: NotifierState) {
  return ({ pipelineName, pipelineExecutionId }: GetPipelineExecutionInput): GetPipelineExecutionOutput => {
    const execution = pipeline(state, pipelineName).executions.find(
      (e) => e.pipelineExecutionId === pipelineExecutionId,
    );
    if (!execution) {
      throw awsError(
        PipelineExecutionNotFoundException,
        `Pipeline execution ${pipelineExecutionId} not found`,
      );
    }
    return {
      pipelineExecution: withDates<PipelineExecution>(
        pick({ pipelineName, ...execution }, EXECUTION_MEMBERS),
      ),
    };
  };
}

/** `ListActionExecutions`: the seeded action executions of the pipeline (of one execution when filtered), one page. */
export function listActionExecutions(state: NotifierState) {
  return ({ pipelineName, filter }: ListActionExecutionsInput): ListActionExecutionsOutput => {
    const executionId = filter?.pipelineExecutionId;
    const actions = pipeline(state, pipelineName).actionExecutions.filter(
      (a) => !executionId || a.pipelineExecutionId === executionId,
    );
    return { actionExecutionDetails: withDates<ActionExecutionDetail[]>(actions) };
  };
}

/** `Publish`: accepted for a seeded topic. */
export function publish(state: NotifierState) {
  return ({ TopicArn = '' }: PublishInput): PublishResponse => {
    if (!state.sns.topics.includes(TopicArn)) throw awsError(NotFoundException, 'Topic does not exist', 404);
    return { MessageId: '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f' };
  };
}
