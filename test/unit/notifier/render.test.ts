import { clearConfigCache } from '../../../functions/lib/config';
import { notify } from '../../../functions/notifier/notify';
import { answerFromState, published, sampleEvent } from './fixtures';

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
      'codepipeline-pipewright-prod-4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b',
    );
  });
});
