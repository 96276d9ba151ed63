import { clearConfigCache } from '../../../functions/lib/config';
import { notify } from '../../../functions/notifier/notify';
import { ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { answerFromState, codepipeline, published, sampleEvent, state } from './fixtures';

describe('notifier rendering', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
    answerFromState();
  });

  it.each([
    'pipeline-failed',
    'pipeline-recovered',
    'pipeline-stopped',
    'codebuild-failed',
    'codedeploy-failed',
    'codedeploy-stopped',
  ])('renders %s as email text and chat JSON', async (name) => {
    await notify(sampleEvent(name));

    const { subject, message } = published();
    expect(subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(`Subject: ${subject}\n\n${message.default}`).toMatchSnapshot('text');
    expect(JSON.parse(message.https)).toMatchSnapshot('chat');
  });

  it('threads chat notifications per pipeline execution', async () => {
    await notify(sampleEvent('pipeline-failed'));

    expect(JSON.parse(published().message.https).metadata.threadId).toBe(
      'codepipeline-123456789012-pipewright-prod-4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b',
    );
  });
});

describe('notifier rendering of incomplete facts (real AWS sample events)', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
  });

  it.each([
    ['the failed runs have no times', { startTime: undefined, lastUpdateTime: undefined }],
    ['the clocks put the red streak after the event', { lastUpdateTime: '2030-01-01T00:00:00Z' }],
  ])('says how long a recovered pipeline was red only when it is known (%s)', async (_what, times) => {
    answerFromState();
    const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined);
    const runs = state.codepipeline.pipelines['pipewright-prod']!.executions.map((run) => {
      const summary: Record<string, unknown> = { ...run, ...(run.status === 'Failed' ? times : {}) };
      return { ...summary, startTime: date(summary.startTime), lastUpdateTime: date(summary.lastUpdateTime) };
    });
    codepipeline.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: runs as never });

    await notify(sampleEvent('pipeline-recovered'));

    const { message } = published();
    expect(message.default).toContain('It had been failing (2 failed runs, last 8a9b0c1d).');
    expect(JSON.parse(message.https).content.description).toContain(
      'It had been failing (2 failed runs, last 8a9b0c1d).',
    );
    expect(message.default).not.toContain('unknown');
  });

  it('gives the link after a failed action its region when the provider left it out', async () => {
    answerFromState([{ Name: '/pipewright/test/notifier/include-stage-and-action-events', Value: 'true' }]);
    const event = sampleEvent('action-failed-with-execution-result');
    const result = event.detail['execution-result'] as Record<string, string>;
    result['external-execution-url'] =
      'https://console.aws.amazon.com/codedeploy/home#/deployments/d-PWNTF0042';

    await notify(event);

    const { message } = published();
    expect(message.default).toContain(
      `  https://console.aws.amazon.com/codedeploy/home?region=${event.region}#/deployments/d-PWNTF0042\n`,
    );
    expect(JSON.parse(message.sqs).failures[0].url).toContain(`?region=${event.region}#`);
  });

  it('gives the failed actions a pipeline failure lists their region too', async () => {
    answerFromState();
    const actions = state.codepipeline.pipelines['pipewright-prod']!.actionExecutions.map((a) => ({
      ...a,
      output: {
        executionResult: {
          externalExecutionSummary: 'Build failed',
          externalExecutionUrl: 'https://console.aws.amazon.com/codebuild/home#/builds/b:1',
        },
      },
    }));
    codepipeline.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: actions as never });

    await notify(sampleEvent('pipeline-failed'));

    expect(published().message.default).toContain(
      'https://console.aws.amazon.com/codebuild/home?region=eu-west-1#/builds/b:1',
    );
  });
});
