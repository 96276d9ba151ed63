import { callOutcomes, invokeBundle, readEvent } from './harness';

const FN = 'NotifierFunction';

describe('NotifierFunction bundle (loopback endpoint, real SDK wire)', () => {
  it('publishes one enriched notification for a failed pipeline to the template topic', async () => {
    const run = await invokeBundle(FN, readEvent('notifier/pipeline-failed.json'));

    expect(run.error).toBeUndefined();
    expect(run.published).toHaveLength(1);
    expect(run.published[0]?.topicArn).toMatch(/:NotificationTopic$/);
    expect(run.published[0]?.subject).toMatch(/^\[FAILED\] pipewright-prod/);
  });

  it('publishes after the SDK retried a throttled first Publish', async () => {
    const faults = [{ operation: 'sns:Publish', error: 'Throttling', times: 1 }];

    const run = await invokeBundle(FN, readEvent('notifier/pipeline-failed.json'), { state: { faults } });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run).slice(-2)).toEqual(['Publish Throttling', 'Publish ok']);
  });

  it('fails the invocation (so EventBridge/Lambda retry) when publishing is denied', async () => {
    const faults = [{ operation: 'sns:Publish', error: 'AuthorizationError', status: 403 }];

    const run = await invokeBundle(FN, readEvent('notifier/pipeline-failed.json'), { state: { faults } });

    expect(run.error?.errorType).toBe('AuthorizationErrorException');
    expect(run.published).toHaveLength(0);
  });

  it('never forwards CodeBuild environment-variable values', async () => {
    const run = await invokeBundle(FN, readEvent('notifier/codebuild-failed.json'));

    expect(run.error).toBeUndefined();
    expect(run.published.map((m) => m.message).join('\n')).not.toContain('hunter2-Plaintext-Zx9q');
    expect(run.logs.join('\n')).not.toContain('hunter2-Plaintext-Zx9q');
  });
});
