import { basename } from 'node:path';
import { sampleEvents } from '../support/samples';
import { callOutcomes } from './harness';
import { notifyThroughBundle, sample } from './notifier-subscriber';

/** Sample events that notify with the default configuration → the Subject (docs/notifier.md, "How it decides"). */
const published: Record<string, string> = {
  'pipeline-failed': '[FAILED] pipewright-prod: Deploy / DeployApiCanary',
  'pipeline-failed-other-account': '[FAILED] orders-prod (210987654321, us-east-1): Deploy / Deploy',
  'pipeline-failed-unreadable-account': '[FAILED] billing-prod (345678901234, eu-central-1)',
  'pipeline-stopped': '[STOPPED] pipewright-dev',
  'pipeline-recovered': '[RECOVERED] pipewright-prod',
  'codebuild-failed': '[FAILED] pipewright-nightly-tests: BUILD phase',
  'codedeploy-failed': '[FAILED] pipewright-prod-ServerlessDeploymentApplication-1KQ8ZR3T5W7Y: d-PWNTF0042',
  'codedeploy-stopped': '[STOPPED] pipewright-prod-ServerlessDeploymentApplication-1KQ8ZR3T5W7Y: d-PWNTF0043',
};

/** Sample events that are skipped by default → the documented reason. */
const skipped: Record<string, string> = {
  'pipeline-succeeded': 'success-after-success',
  'stage-failed': 'folded-into-pipeline',
  'action-failed-with-execution-result': 'folded-into-pipeline',
  'codebuild-failed-in-pipeline': 'started-by-pipeline',
  'unknown-event': 'unsupported-event',
};

const samples = sampleEvents('notifier').map((key) => basename(key, '.json'));

describe('NotifierFunction bundle on every events/notifier sample (loopback endpoint, real SDK wire)', () => {
  it('has an expected outcome for every sample event', () => {
    expect(samples.sort()).toEqual([...Object.keys(published), ...Object.keys(skipped)].sort());
  });

  it.each(Object.entries(published))('publishes exactly one notification for %s', async (name, subject) => {
    const run = await notifyThroughBundle(sample(name));

    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ published: true, messageId: expect.any(String) });
    expect(run.deliveries.map((d) => d.subject)).toEqual([subject]);
    expect(run.published).toHaveLength(1);
    expect(run.published[0]?.topicArn).toMatch(/:NotificationTopic$/);
  });

  it.each(Object.entries(skipped))('publishes nothing for %s and says why (%s)', async (name, reason) => {
    const run = await notifyThroughBundle(sample(name));

    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ published: false, reason });
    expect(callOutcomes(run).filter((c) => c.startsWith('Publish'))).toEqual([]);
    expect(run.logs.join('\n')).toContain(`No notification: ${reason}`);
  });
});
