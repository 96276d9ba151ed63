import { callOutcomes } from './harness';
import { chatOf, logEntries, notifierSettings, notifyThroughBundle, sample } from './notifier-subscriber';

/** The documented keys under `<PIPEWRIGHT_CONFIG_PATH>/notifier/` (docs/notifier.md), read over the wire. */
describe('NotifierFunction configured in Parameter Store', () => {
  it('reads only its own section of the template path with GetParametersByPath', async () => {
    const run = await notifyThroughBundle(sample('pipeline-succeeded'));

    expect(run.calls[0]).toMatchObject({ operation: 'GetParametersByPath', outcome: 'ok' });
    expect(run.calls[0]?.input).toContain('Path: "/pipewright/dev/notifier"');
  });

  it('stays silent on a success after a success by default', async () => {
    const run = await notifyThroughBundle(sample('pipeline-succeeded'));

    expect(run.result).toEqual({ published: false, reason: 'success-after-success' });
    expect(run.deliveries).toHaveLength(0);
  });

  it('announces every success with notify-on-pipeline-states FAILED,STOPPED,SUCCEEDED', async () => {
    const state = notifierSettings({ 'notify-on-pipeline-states': 'FAILED,STOPPED,SUCCEEDED' });

    const run = await notifyThroughBundle(sample('pipeline-succeeded'), { state });

    expect(run.deliveries.map((d) => d.subject)).toEqual(['[SUCCEEDED] pipewright-dev']);
    expect(run.deliveries[0]?.attributes.severity?.StringValue).toBe('info');
  });

  it('publishes an action failure on its own with include-stage-and-action-events', async () => {
    const state = notifierSettings({ 'include-stage-and-action-events': 'true' });

    const run = await notifyThroughBundle(sample('action-failed-with-execution-result'), { state });

    expect(run.deliveries.map((d) => d.subject)).toEqual([
      '[FAILED] pipewright-prod: Deploy / DeployApiCanary',
    ]);
    expect(run.deliveries[0]?.body.default).toContain('3 of 4 canary checks failed');
  });

  it('no longer announces a recovery with notify-recovery false', async () => {
    const state = notifierSettings({ 'notify-recovery': 'false' });

    const run = await notifyThroughBundle(sample('pipeline-recovered'), { state });

    expect(run.result).toEqual({ published: false, reason: 'state-not-notified' });
    expect(run.deliveries).toHaveLength(0);
  });

  it('skips ignored resources before any enrichment call (ignore-resources with a wildcard)', async () => {
    const state = notifierSettings({
      'ignore-resources': 'pipewright-p*',
      'production-pipelines': 'orders-*',
    });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.result).toEqual({ published: false, reason: 'filtered-resource' });
    expect(callOutcomes(run)).toEqual(['GetParametersByPath ok']);
  });

  it('still reads an ignored production pipeline, to count it in the delivery metrics', async () => {
    const state = notifierSettings({ 'ignore-resources': 'pipewright-p*' });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.result).toEqual({ published: false, reason: 'filtered-resource' });
    expect(run.deliveries).toHaveLength(0);
    expect(run.logs.join('\n')).toContain('"FailedDeployment":1');
  });

  it('notifies builds a pipeline started with notify-pipeline-builds', async () => {
    const state = notifierSettings({ 'notify-pipeline-builds': 'true' });

    const run = await notifyThroughBundle(sample('codebuild-failed-in-pipeline'), { state });

    expect(run.deliveries.map((d) => d.subject)).toEqual([
      expect.stringMatching(/^\[FAILED\] pipewright-build/),
    ]);
  });

  it('threads chat per pipeline with chat-thread-per-execution false', async () => {
    const state = notifierSettings({ 'chat-thread-per-execution': 'false' });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(chatOf(run.deliveries[0]!).metadata.threadId).toBe('codepipeline-123456789012-pipewright-prod');
  });

  it('falls back to the default of a bad value, and says so in the logs and in the notification', async () => {
    const state = notifierSettings({ 'notify-recovery': 'sometimes' });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.deliveries).toHaveLength(1);
    const problem =
      '/pipewright/dev/notifier/notify-recovery: expected true or false, got "sometimes"; the default (true) is used';
    expect(logEntries(run)).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: `Configuration problem: ${problem}` }),
    );
    expect(run.deliveries[0]?.body.default).toContain(`\nConfiguration problem: ${problem}\n`);
  });

  it('still notifies a FAILED pipeline when notify-on-pipeline-states is misspelled (FAILD)', async () => {
    const state = notifierSettings({
      'notify-on-pipeline-states': 'FAILD',
      'notify-on-pipline-states': 'FAILED',
    });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.result).toMatchObject({ published: true });
    expect(run.deliveries.map((d) => d.subject)).toEqual([
      '[FAILED] pipewright-prod: Deploy / DeployApiCanary',
    ]);
    expect(run.deliveries[0]?.body.default).toContain(
      'Configuration problem: /pipewright/dev/notifier/notify-on-pipeline-states (entry 1): expected one of "CANCELED", "FAILED",',
    );
    expect(chatOf(run.deliveries[0]!).content.description).toContain('*Configuration problem:* ');
    const warnings = logEntries(run).filter(
      (e) => e.level === 'WARN' && /^Configuration problem/.test(String(e.message)),
    );
    expect(warnings.map((w) => w.parameter)).toEqual([
      '/pipewright/dev/notifier/notify-on-pipeline-states',
      '/pipewright/dev/notifier/notify-on-pipline-states',
    ]);
  });

  it('respects a valid notify-on-pipeline-states that leaves out FAILED', async () => {
    const state = notifierSettings({ 'notify-on-pipeline-states': 'STOPPED' });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.result).toEqual({ published: false, reason: 'state-not-notified' });
  });

  it('still notifies with the defaults when Parameter Store is unreachable', async () => {
    const state = { faults: [{ operation: 'ssm:GetParametersByPath', error: 'AccessDeniedException' }] };

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error).toBeUndefined();
    expect(run.deliveries.map((d) => d.subject)).toEqual([
      '[FAILED] pipewright-prod: Deploy / DeployApiCanary',
    ]);
  });
});
