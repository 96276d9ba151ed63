import { GetDeploymentCommand, CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersByPathCommand, SSMClient, type Parameter } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { readEvent, readState } from '../../support/samples';
import { getDeployment, getParametersByPath } from '../sample-answers';
import {
  type NotifierState,
  getPipelineExecution,
  listActionExecutions,
  listPipelineExecutions,
  publish,
} from './answers';

/** A sample event from events/notifier/. */
export const sampleEvent = (name: string) =>
  readEvent<Record<string, unknown> & { detail: Record<string, unknown> }>(`notifier/${name}.json`);

/** The seeded state the sample events are consistent with (local/state/notifier.json). */
export const state = readState<NotifierState>('notifier');

/** The notifier's SDK clients, mocked. */
export const codepipeline = mockClient(CodePipelineClient);
export const codedeploy = mockClient(CodeDeployClient);
export const sns = mockClient(SNSClient);
export const ssm = mockClient(SSMClient);

/**
 * Answers every AWS call from the seeded state (local/state/notifier.json), Parameter Store holding
 * only `parameters` (the notifier configuration of the test); a test overrides what it needs afterwards.
 */
export function answerFromState(parameters: Parameter[] = []): void {
  for (const mock of [codepipeline, codedeploy, sns, ssm]) mock.reset();
  codepipeline
    .on(ListPipelineExecutionsCommand)
    .callsFake(listPipelineExecutions(state))
    .on(GetPipelineExecutionCommand)
    .callsFake(getPipelineExecution(state))
    .on(ListActionExecutionsCommand)
    .callsFake(listActionExecutions(state));
  codedeploy.on(GetDeploymentCommand).callsFake(getDeployment(state.codedeploy.deployments));
  sns.on(PublishCommand).callsFake(publish(state));
  ssm.on(GetParametersByPathCommand).callsFake(getParametersByPath(() => parameters));
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
