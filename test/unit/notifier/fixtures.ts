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
import { answerFromEndpoint, worldOf } from '../aws-from-endpoint';

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

export const codepipeline = mockClient(CodePipelineClient);
export const codedeploy = mockClient(CodeDeployClient);
export const sns = mockClient(SNSClient);
export const ssm = mockClient(SSMClient);

/**
 * Answers every AWS call from the loopback endpoint seeded with local/state/notifier.json, its
 * Parameter Store holding only `parameters` (the notifier configuration of the test).
 */
export function answerFromState(
  parameters: Array<{ Name: string; Value: string; Type?: string }> = [],
): void {
  for (const mock of [codepipeline, codedeploy, sns, ssm]) mock.reset();
  const world = worldOf({
    ...state,
    ssm: { parameters: parameters.map((p) => ({ name: p.Name, value: p.Value, type: p.Type })) },
  });
  answerFromEndpoint(codepipeline, world, [
    ListPipelineExecutionsCommand,
    GetPipelineExecutionCommand,
    ListActionExecutionsCommand,
  ]);
  answerFromEndpoint(codedeploy, world, [GetDeploymentCommand]);
  answerFromEndpoint(sns, world, [PublishCommand]);
  answerFromEndpoint(ssm, world, [GetParametersByPathCommand]);
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
