import { topicMessages } from '../../../functions/chat-delivery/event';
import { readNotification } from '../../../functions/chat-delivery/read-message';
import { UnsupportedEventError } from '../../../functions/lib/errors';
import { sampleEvent, sampleNotification } from './fixtures';

const alarmMessage = (state: string, old: string) =>
  JSON.stringify({
    AlarmName: 'pipewright-dev-NotifierErrorsAlarm-9K2LQ7XW3M1P',
    AlarmDescription: 'The notifier function failed.',
    NewStateValue: state,
    OldStateValue: old,
    NewStateReason: 'Threshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).',
    StateChangeTime: '2026-05-12T09:15:40.112+0000',
    AlarmArn:
      'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:pipewright-dev-NotifierErrorsAlarm-9K2LQ7XW3M1P',
    AWSAccountId: '123456789012',
  });

describe('reading a topic message', () => {
  it('reads the notifier’s model as it was published', () => {
    const n = sampleNotification('pipeline-failed');

    expect(n).toMatchObject({
      source: 'codepipeline',
      resource: 'pipewright-prod',
      label: 'FAILED',
      severity: 'critical',
      nouns: { resource: 'Pipeline', run: 'execution' },
      failures: [{ stage: 'Deploy', action: 'DeployApiCanary', code: 'JobFailed' }],
    });
  });

  it('reads the model the notifier shrank to fit SNS, with its first failures', () => {
    const n = sampleNotification('pipeline-failed-truncated-model');

    expect(n).toMatchObject({ resource: 'pipewright-prod', severity: 'critical', revisions: [], links: [] });
    expect(n.failures[0]).toMatchObject({ stage: 'Deploy', action: 'DeployApiCanary' });
  });

  it('reads odd fields of a model as absent rather than refusing the notification', () => {
    const n = readNotification(
      JSON.stringify({
        source: 'codebuild',
        resource: 'nightly',
        state: 'FAILED',
        severity: 'loud',
        failures: 'x',
        time: 'noon',
      }),
    );

    expect(n).toMatchObject({ label: 'FAILED', severity: 'info', failures: [], links: [] });
    expect(Number.isFinite(n.time)).toBe(true);
  });

  it('reads a CloudWatch alarm of the stack: its reason is the failure, and it links to the alarm', () => {
    const n = readNotification(alarmMessage('ALARM', 'OK'));

    expect(n).toMatchObject({
      source: 'cloudwatch',
      resource: 'pipewright-dev-NotifierErrorsAlarm-9K2LQ7XW3M1P',
      label: 'ALARM',
      severity: 'critical',
      region: 'eu-west-1',
      executionId: 'OK',
      failures: [{ summary: expect.stringMatching(/^Threshold Crossed/) }],
      facts: ['The notifier function failed.'],
    });
    expect(n.links[0]!.url).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/pipewright-dev-NotifierErrorsAlarm-9K2LQ7XW3M1P',
    );
  });

  it.each([
    ['OK', 'ALARM', 'recovered', 'RECOVERED'],
    ['OK', 'INSUFFICIENT_DATA', 'info', 'OK'],
    ['INSUFFICIENT_DATA', 'OK', 'warning', 'INSUFFICIENT_DATA'],
  ])('reads an alarm going to %s from %s as %s', (state, old, severity, label) => {
    expect(readNotification(alarmMessage(state, old))).toMatchObject({ severity, label, failures: [] });
  });

  it('refuses a message that is neither, saying what it lacks and never what it holds', () => {
    const read = (body: string) => () => readNotification(body);

    expect(read('Hello s3cr3t')).toThrow(UnsupportedEventError);
    expect(read('Hello s3cr3t')).toThrow('The topic message is not JSON (12 characters, not shown)');
    expect(read('{"token":"s3cr3t"}')).toThrow(/neither a pipewright notification .* nor a CloudWatch alarm/);
    expect(read('{"token":"s3cr3t"}')).not.toThrow(/s3cr3t/);
  });
});

describe('reading the SNS event', () => {
  it('takes each record’s message id, subject and body', () => {
    const event = sampleEvent('pipeline-stopped');

    expect(topicMessages(event)).toEqual([
      {
        messageId: '2d8b5e3a-7c4f-5b0a-9d6e-3f9a4c5b6d7e',
        subject: '[STOPPED] pipewright-dev',
        body: event.Records[0].Sns.Message,
      },
    ]);
  });

  it('refuses an event that is not an SNS notification, naming the fields and never their values', () => {
    const read = () => topicMessages({ Records: [{ Sns: { Message: 's3cr3t' } }] });

    expect(read).toThrow(UnsupportedEventError);
    expect(read).toThrow(/event\.Records\.0\.Sns\.MessageId/);
    expect(read).not.toThrow(/s3cr3t/);
    expect(() => topicMessages({ source: 'aws.codepipeline' })).toThrow(/event\.Records/);
  });
});
