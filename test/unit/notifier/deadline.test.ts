import { ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { PublishCommand } from '@aws-sdk/client-sns';
import { DeadlineExceededError } from '../../../functions/lib/errors';
import { currentScope } from '../../../functions/lib/invocation';
import { logger } from '../../../functions/lib/observability';
import { clearConfigCache } from '../../../functions/lib/config';
import { notify } from '../../../functions/notifier/notify';
import { answerFromState, codepipeline, published, sampleEvent, sns } from './fixtures';

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

  describe('on a fake clock', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('throws before the Lambda deadline (so the event is retried) when Publish does not answer in time', async () => {
      let publishSignal: AbortSignal | undefined;
      sns.on(PublishCommand).callsFake(() => {
        publishSignal = currentScope()?.signal; // what the real client's HTTP handler listens to
        return new Promise(() => undefined); // SNS never answers
      });
      const deadline = Date.now() + 15_000;
      const lambda = { getRemainingTimeInMillis: () => deadline - Date.now() };
      const logged = jest.spyOn(logger, 'error');
      let failedAt = Number.NaN;
      const outcome = notify(sampleEvent('pipeline-failed'), lambda).catch((error: unknown) => {
        failedAt = Date.now();
        return error;
      });

      await jest.advanceTimersByTimeAsync(15_000);

      expect(await outcome).toBeInstanceOf(DeadlineExceededError);
      expect(failedAt).toBeLessThan(deadline);
      expect(logged).toHaveBeenCalledWith(
        'Could not publish before the Lambda deadline; failing the invocation so Lambda retries',
        expect.objectContaining({ family: expect.any(String) }),
      );
      expect(publishSignal?.aborted).toBe(true); // the SNS request was cancelled, not left to land later
    });
  });
});
