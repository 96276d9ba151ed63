import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetDeploymentCommand, CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';

const root = join(__dirname, '../../..');

/** A sample event from events/notifier/. */
export function sampleEvent(name: string): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(root, 'events/notifier', `${name}.json`), 'utf8'));
}

/** Every sample event name. */
export const sampleEventNames = [
  'pipeline-failed',
  'pipeline-recovered',
  'pipeline-succeeded',
  'pipeline-stopped',
  'stage-failed',
  'action-failed-with-execution-result',
  'codebuild-failed',
  'codebuild-failed-in-pipeline',
  'codedeploy-failed',
  'codedeploy-stopped',
  'unknown-event',
];

type Json = Record<string, unknown>;
interface State {
  codepipeline: { pipelines: Record<string, { executions: Json[]; actionExecutions: Json[] }> };
  codedeploy: { deployments: Record<string, Json> };
  sns: { topics: string[] };
}

/** The loopback endpoint's seeded state the sample events are consistent with. */
export const state: State = JSON.parse(readFileSync(join(root, 'local/state/notifier.json'), 'utf8'));

/** ISO timestamps → Date, as the SDK returns them. */
function dates<T>(value: T): T {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return new Date(value) as T;
  if (Array.isArray(value)) return value.map(dates) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dates(v)])) as T;
  }
  return value;
}

export const codepipeline = mockClient(CodePipelineClient);
export const codedeploy = mockClient(CodeDeployClient);
export const sns = mockClient(SNSClient);
export const ssm = mockClient(SSMClient);

/** Answers every AWS call from local/state/notifier.json, like the loopback endpoint would. */
export function answerFromState(parameters: Array<{ Name: string; Value: string }> = []): void {
  for (const mock of [codepipeline, codedeploy, sns, ssm]) mock.reset();
  const pipeline = (name?: string) =>
    state.codepipeline.pipelines[name ?? ''] ?? { executions: [], actionExecutions: [] };
  codepipeline.on(ListPipelineExecutionsCommand).callsFake((input) => ({
    pipelineExecutionSummaries: dates(pipeline(input.pipelineName).executions),
  }));
  codepipeline.on(GetPipelineExecutionCommand).callsFake((input) => ({
    pipelineExecution: dates(
      pipeline(input.pipelineName).executions.find(
        (e) => e.pipelineExecutionId === input.pipelineExecutionId,
      ),
    ),
  }));
  codepipeline.on(ListActionExecutionsCommand).callsFake((input) => ({
    actionExecutionDetails: dates(
      pipeline(input.pipelineName).actionExecutions.filter(
        (a) => a.pipelineExecutionId === input.filter?.pipelineExecutionId,
      ),
    ),
  }));
  codedeploy.on(GetDeploymentCommand).callsFake((input) => ({
    deploymentInfo: dates(state.codedeploy.deployments[input.deploymentId]),
  }));
  sns.on(PublishCommand).resolves({ MessageId: '6a1e3f0c-0000-4000-8000-000000000001' });
  ssm.on(GetParametersByPathCommand).resolves({
    Parameters: parameters.map((p) => ({ Type: 'String', ...p })),
  });
}

/** The parsed `Message` of the nth Publish call. */
export function published(index = 0): {
  subject: string;
  message: { default: string; email: string; https: string; sqs: string; lambda: string };
  attributes: Record<string, { StringValue?: string }>;
  raw: string;
} {
  const input = sns.commandCalls(PublishCommand)[index]!.args[0].input;
  return {
    subject: input.Subject!,
    message: JSON.parse(input.Message!),
    attributes: input.MessageAttributes as Record<string, { StringValue?: string }>,
    raw: input.Message!,
  };
}
