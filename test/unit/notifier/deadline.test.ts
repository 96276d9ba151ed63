import { ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { clearConfigCache } from '../../../functions/lib/config';
import { notify } from '../../../functions/notifier/notify';
import { answerFromState, codepipeline, published, sampleEvent } from './fixtures';

describe('notify under the Lambda deadline', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '1000';
    answerFromState();
  });

  it('publishes without the enrichment that hangs once only the reserve is left', async () => {
    codepipeline.on(ListActionExecutionsCommand).callsFake(() => new Promise(() => undefined)); // never answers
    const lambda = { getRemainingTimeInMillis: () => 1_300 }; // 300 ms for configuration and enrichment

    const outcome = await notify(sampleEvent('pipeline-failed'), lambda);

    expect(outcome).toMatchObject({ published: true });
    const text = published().message.default;
    expect(text).toContain('Pipeline pipewright-prod FAILED');
    expect(text).not.toContain('DeployApiCanary'); // the failed action came from the hung call
  });
});
