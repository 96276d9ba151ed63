import { GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import {
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { NotFoundException, PublishCommand } from '@aws-sdk/client-sns';
import { clearConfigCache } from '../../../functions/lib/config';
import { logger, metrics } from '../../../functions/lib/observability';
import { utf8Bytes } from '../../../functions/lib/text';
import { notify } from '../../../functions/notifier/notify';
import { publish } from '../../../functions/notifier/publish';
import { findSource } from '../../../functions/notifier/sources';
import { awsError } from '../../support/aws-error';
import { answerFromState, codedeploy, codepipeline, published, sampleEvent, sns } from './fixtures';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
const config = (name: string, Value: string) => ({ Name: `/pipewright/test/notifier/${name}`, Value });

describe('notify', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = TOPIC;
    answerFromState();
  });

  describe('noise rules (defaults)', () => {
    it.each([
      ['pipeline-failed', { published: true }],
      ['pipeline-stopped', { published: true }],
      ['pipeline-recovered', { published: true }],
      ['pipeline-succeeded', { published: false, reason: 'success-after-success' }],
      ['stage-failed', { published: false, reason: 'folded-into-pipeline' }],
      ['action-failed-with-execution-result', { published: false, reason: 'folded-into-pipeline' }],
      ['codebuild-failed', { published: true }],
      ['codebuild-failed-in-pipeline', { published: false, reason: 'started-by-pipeline' }],
      ['codedeploy-failed', { published: true }],
      ['codedeploy-stopped', { published: true }],
      ['unknown-event', { published: false, reason: 'unsupported-event' }],
    ])('%s → %j', async (name, expected) => {
      const outcome = await notify(sampleEvent(name));

      expect(outcome).toMatchObject(expected);
      expect(sns).toHaveReceivedCommandTimes(PublishCommand, expected.published ? 1 : 0);
    });

    it('announces a success after a failure as recovered, saying what had failed and for how long', async () => {
      await notify(sampleEvent('pipeline-recovered'));

      const { subject, message, attributes } = published();
      expect(subject).toBe('[RECOVERED] pipewright-prod');
      expect(message.default).toContain('It had been failing for 2h 25m 31s (2 failed runs, last 8a9b0c1d).');
      expect(message.default).toContain('Had failed: stage Deploy > action DeployApiCanary (CodeDeploy)');
      expect(attributes.severity!.StringValue).toBe('recovered');
      expect(codepipeline).toHaveReceivedCommandWith(ListActionExecutionsCommand, {
        pipelineName: 'pipewright-prod',
        filter: { pipelineExecutionId: '8a9b0c1d-2e3f-4a5b-9c6d-7e8f90a1b2c3' },
      });
    });

    it('skips a success when the previous run cannot be read', async () => {
      codepipeline.on(ListPipelineExecutionsCommand).rejects(new Error('AccessDeniedException'));

      await expect(notify(sampleEvent('pipeline-recovered'))).resolves.toEqual({
        published: false,
        reason: 'previous-run-unknown',
      });
    });

    it('skips an event that does not have the shape of its family', async () => {
      const event = sampleEvent('codedeploy-failed');
      delete event.detail.deploymentId;

      await expect(notify(event)).resolves.toEqual({ published: false, reason: 'invalid-event' });
    });

    it.each([
      ['pipeline-failed', 'detail.state', (e: ReturnType<typeof sampleEvent>) => delete e.detail.state],
      [
        'pipeline-failed',
        'detail',
        (e: ReturnType<typeof sampleEvent>) => delete (e as { detail?: unknown }).detail,
      ],
      [
        'codebuild-failed',
        'detail.build-status',
        (e: ReturnType<typeof sampleEvent>) => delete e.detail['build-status'],
      ],
      ['codedeploy-failed', 'detail.state', (e: ReturnType<typeof sampleEvent>) => (e.detail.state = 42)],
    ])(
      'rejects %s without a valid %s loudly: a WARN naming the field as in the event, and an EventRejected metric',
      async (name, field, breakIt) => {
        const event = sampleEvent(name);
        breakIt(event);
        const warn = jest.spyOn(logger, 'warn');
        const metric = { addDimension: jest.fn(), addMetric: jest.fn() };
        jest.spyOn(metrics, 'singleMetric').mockReturnValue(metric as never);

        await expect(notify(event)).resolves.toEqual({ published: false, reason: 'invalid-event' });

        expect(warn).toHaveBeenCalledTimes(1);
        const [line] = warn.mock.calls[0]!;
        expect(line).toMatch(
          new RegExp(`^Event rejected: not a valid [a-z-]+ event: ${field.replace('.', '\\.')}\\b`),
        );
        expect(line).not.toMatch(/^Event rejected: .*\bevent\.state/);
        expect(metric.addMetric).toHaveBeenCalledWith('EventRejected', 'Count', 1);
        expect(metric.addDimension).toHaveBeenCalledWith('family', expect.stringMatching(/^code/));
        expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
      },
    );
  });

  it('rejects an event over 1 MB (more than EventBridge delivers) loudly, saying its size, never quoting it', async () => {
    const event = sampleEvent('pipeline-failed');
    event.detail.pipeline = `p${'x'.repeat(1_100_000)}`;
    const warn = jest.spyOn(logger, 'warn');

    await expect(notify(event)).resolves.toEqual({ published: false, reason: 'invalid-event' });

    const [line] = warn.mock.calls[0]!;
    expect(line).toMatch(
      /^Event rejected: .* is 1100\d{3} bytes of JSON; an EventBridge event is at most 1048576 bytes/,
    );
    expect(line).not.toContain('xxxx');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it.each([
    ['an object whose toString is not a function', { toString: [1] }],
    ['a null-prototype object', Object.create(null) as object],
    ['a number', 42],
  ])('skips an event whose detail-type is %s, logging its kind instead of throwing', async (_, value) => {
    const event = { ...sampleEvent('unknown-event'), 'detail-type': value, source: value };
    const info = jest.spyOn(logger, 'info');

    await expect(notify(event)).resolves.toEqual({ published: false, reason: 'unsupported-event' });

    expect(info).toHaveBeenCalledWith(
      'No notification: unsupported-event',
      expect.objectContaining({ detailType: expect.any(String), eventSource: expect.any(String) }),
    );
  });

  describe('noise rules (configured)', () => {
    it('sends action failures on their own with include-stage-and-action-events', async () => {
      answerFromState([config('include-stage-and-action-events', 'true')]);

      await expect(notify(sampleEvent('action-failed-with-execution-result'))).resolves.toMatchObject({
        published: true,
      });
      expect(published().subject).toBe('[FAILED] pipewright-prod: Deploy / DeployApiCanary');
      expect(published().message.default).toContain('JobFailed: Deployment d-PWNTF0042 failed');
    });

    it('notifies builds started by a pipeline with notify-pipeline-builds', async () => {
      answerFromState([config('notify-pipeline-builds', 'true')]);

      await expect(notify(sampleEvent('codebuild-failed-in-pipeline'))).resolves.toMatchObject({
        published: true,
      });
    });

    it('skips ignored resources and resources outside include-resources (wildcards)', async () => {
      answerFromState([config('ignore-resources', 'pipewright-prod*')]);
      await expect(notify(sampleEvent('pipeline-failed'))).resolves.toMatchObject({
        reason: 'filtered-resource',
      });

      clearConfigCache();
      answerFromState([config('include-resources', 'orders-*')]);
      await expect(notify(sampleEvent('codedeploy-failed'))).resolves.toMatchObject({
        reason: 'filtered-resource',
      });
    });

    it('does not announce recoveries with notify-recovery=false, nor stops without STOPPED in the states', async () => {
      answerFromState([config('notify-recovery', 'false'), config('notify-on-pipeline-states', 'FAILED')]);

      await expect(notify(sampleEvent('pipeline-recovered'))).resolves.toMatchObject({
        reason: 'state-not-notified',
      });
      await expect(notify(sampleEvent('pipeline-stopped'))).resolves.toMatchObject({
        reason: 'state-not-notified',
      });
    });

    it('uses the defaults when a configuration value is invalid', async () => {
      answerFromState([config('notify-recovery', 'maybe')]);

      await expect(notify(sampleEvent('pipeline-failed'))).resolves.toMatchObject({ published: true });
    });
  });

  describe('enrichment failures', () => {
    it('publishes without the failed actions and retry line when ListActionExecutions fails', async () => {
      codepipeline.on(ListActionExecutionsCommand).rejects(new Error('ThrottlingException'));

      await notify(sampleEvent('pipeline-failed'));

      const text = published().message.default;
      expect(text).not.toContain('DeployApiCanary');
      expect(text).not.toContain('Retry:');
      expect(text).toContain('Change: 9f1c2ab "Raise API timeout to 10s"');
    });

    it('publishes without the change when GetPipelineExecution fails', async () => {
      codepipeline.on(GetPipelineExecutionCommand).rejects(new Error('PipelineExecutionNotFoundException'));

      await notify(sampleEvent('pipeline-failed'));

      const text = published().message.default;
      expect(text).not.toContain('Change:');
      expect(text).toContain('Failed: stage Deploy > action DeployApiCanary (CodeDeploy)');
    });

    it('publishes without the previous run (and keeps the event duration) when ListPipelineExecutions fails', async () => {
      codepipeline.on(ListPipelineExecutionsCommand).rejects(new Error('AccessDeniedException'));

      await notify(sampleEvent('pipeline-failed'));

      const text = published().message.default;
      expect(text).not.toContain('Previous run:');
      expect(text).toContain('Pipeline pipewright-prod FAILED after 12m 32s');
    });

    it('publishes a deployment failure without its error when GetDeployment fails', async () => {
      codedeploy.on(GetDeploymentCommand).rejects(new Error('DeploymentDoesNotExistException'));

      await notify(sampleEvent('codedeploy-failed'));

      const text = published().message.default;
      expect(text).not.toContain('ALARM_ACTIVE');
      expect(text).toContain(
        'Deployment: https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-PWNTF0042',
      );
    });
  });

  describe('publish', () => {
    it('publishes json-structured text, chat and model with filterable attributes', async () => {
      await notify(sampleEvent('pipeline-failed'));

      const call = sns.commandCalls(PublishCommand)[0]!.args[0].input;
      expect(call).toMatchObject({ TopicArn: TOPIC, MessageStructure: 'json' });
      const { message, attributes } = published();
      expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
      expect(message.email).toBe(message.default);
      expect(JSON.parse(message.https)).toMatchObject({ version: '1.0', source: 'custom' });
      expect(JSON.parse(message.sqs)).toMatchObject({ resource: 'pipewright-prod', state: 'FAILED' });
      expect(attributes).toEqual({
        source: { DataType: 'String', StringValue: 'codepipeline' },
        resource: { DataType: 'String', StringValue: 'pipewright-prod' },
        state: { DataType: 'String', StringValue: 'FAILED' },
        severity: { DataType: 'String', StringValue: 'critical' },
      });
    });

    it('cuts each filter attribute to 256 bytes, so that they fit in the room kept for them', async () => {
      const model = findSource(sampleEvent('pipeline-failed'))!.parse(sampleEvent('pipeline-failed'));
      model.resource = 'é'.repeat(10_000);

      await publish({ subject: 's', text: 't', chat: {}, model }, TOPIC);

      const { resource } = published().attributes;
      expect(utf8Bytes(resource!.StringValue!)).toBeLessThanOrEqual(256);
      expect(resource!.StringValue).toMatch(/^éé.*\[truncated \d+ bytes\]$/s);
    });

    it('fails the invocation when SNS refuses the message (Lambda retries, then the on-failure destination)', async () => {
      sns.on(PublishCommand).rejects(awsError(NotFoundException, 'Topic does not exist', 404));

      await expect(notify(sampleEvent('pipeline-failed'))).rejects.toThrow('Topic does not exist');
    });

    it('fails with a clear error when NOTIFICATION_TOPIC_ARN is not set', async () => {
      delete process.env.NOTIFICATION_TOPIC_ARN;

      await expect(notify(sampleEvent('codebuild-failed'))).rejects.toThrow(
        'NOTIFICATION_TOPIC_ARN is not set',
      );
    });
  });
});
