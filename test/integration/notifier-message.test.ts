import {
  type Delivery,
  SNS_SUBJECT,
  chatOf,
  notifierSettings,
  notifyThroughBundle,
  prodHistory,
  sample,
  withDetail,
} from './notifier-subscriber';

/** Runs one event through the bundle and returns the only delivery it made. */
async function deliveryOf(event: unknown, options?: Parameters<typeof notifyThroughBundle>[1]) {
  const run = await notifyThroughBundle(event, options);
  expect(run.error).toBeUndefined();
  expect(run.deliveries).toHaveLength(1);
  return run.deliveries[0] as Delivery;
}

/** The seeded history of pipewright-prod under another pipeline name, with other stage/action names. */
function historyAs(pipeline: string, names: { stage: string; action: string }) {
  const { executions, actionExecutions = [] } = prodHistory();
  const renamed = actionExecutions.map((a) =>
    a.status === 'Failed' ? { ...a, stageName: names.stage, actionName: names.action } : a,
  );
  return { codepipeline: { pipelines: { [pipeline]: { executions, actionExecutions: renamed } } } };
}

describe('NotifierFunction publishes what a subscriber can use', () => {
  describe('a failed pipeline', () => {
    let delivery: Delivery;
    beforeAll(async () => {
      delivery = await deliveryOf(sample('pipeline-failed'));
    });

    it('sends MessageStructure json with a plain-text default and email body', () => {
      expect(delivery.messageStructure).toBe('json');
      expect(Object.keys(delivery.body)).toEqual(expect.arrayContaining(['default', 'email', 'https']));
      expect(delivery.body.email).toBe(delivery.body.default);
      const text = delivery.body.default!;
      expect(() => JSON.parse(text)).toThrow();
      expect(text).not.toMatch(/\]\(https?:|:x:|\*pipewright/);
      expect(text.split('\n')).toEqual(
        expect.arrayContaining([
          'Pipeline pipewright-prod FAILED after 12m 31s (execution 4f2c9a1e)',
          'Failed: stage Deploy > action DeployApiCanary (CodeDeploy)',
          'Previous run: SUCCEEDED (execution 1e5f7a20)',
          expect.stringMatching(/^Change: 9f1c2ab "Raise API timeout to 10s" - https:\/\//),
          expect.stringMatching(
            /^Retry: aws codepipeline retry-stage-execution --pipeline-name pipewright-prod /,
          ),
        ]),
      );
    });

    it('sends chat subscribers an Amazon Q Developer in chat custom notification', () => {
      const chat = chatOf(delivery);

      expect(chat).toMatchObject({
        version: '1.0',
        source: 'custom',
        content: { textType: 'client-markdown', title: expect.stringContaining('[FAILED] pipewright-prod') },
        metadata: { summary: delivery.subject },
      });
      expect(chat.content.description).toContain('DeployApiCanary');
      expect(chat.content.nextSteps).toEqual([
        expect.stringMatching(
          /^Open the \[pipeline execution\]\(https:\/\/eu-west-1\.console\.aws\.amazon\.com\//,
        ),
        expect.stringContaining('retry-stage-execution'),
      ]);
    });

    it('carries the filter-policy attributes as String attributes', () => {
      expect(delivery.attributes).toEqual({
        source: { DataType: 'String', StringValue: 'codepipeline' },
        resource: { DataType: 'String', StringValue: 'pipewright-prod' },
        state: { DataType: 'String', StringValue: 'FAILED' },
        severity: { DataType: 'String', StringValue: 'critical' },
      });
    });
  });

  it.each([
    ['pipeline-recovered', { source: 'codepipeline', state: 'RECOVERED', severity: 'recovered' }],
    ['pipeline-stopped', { source: 'codepipeline', state: 'STOPPED', severity: 'warning' }],
    ['codebuild-failed', { source: 'codebuild', state: 'FAILED', severity: 'critical' }],
    ['codedeploy-failed', { source: 'codedeploy', state: 'FAILED', severity: 'critical' }],
  ])('gives %s a valid chat notification and attributes %o', async (name, attributes) => {
    const delivery = await deliveryOf(sample(name));

    expect(delivery.subject).toMatch(SNS_SUBJECT);
    expect(() => chatOf(delivery)).not.toThrow();
    for (const [key, value] of Object.entries(attributes)) {
      expect(delivery.attributes[key]).toEqual({ DataType: 'String', StringValue: value });
    }
  });

  describe('chat threads', () => {
    const threadOf = async (event: unknown) =>
      chatOf(await deliveryOf(event, { state: actionEvents })).metadata.threadId;
    const actionEvents = notifierSettings({ 'include-stage-and-action-events': 'true' });

    it('puts two events of one pipeline execution in one thread, another execution in another', async () => {
      const failed = await threadOf(sample('pipeline-failed'));
      const actionFailed = await threadOf(sample('action-failed-with-execution-result'));
      const recovered = await threadOf(sample('pipeline-recovered'));

      expect(actionFailed).toBe(failed);
      expect(recovered).not.toBe(failed);
      expect(failed).toContain('4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b');
    });
  });

  describe('Subject of unusual names', () => {
    it('stays ASCII, one line and under 100 characters for a non-ASCII pipeline name', async () => {
      const pipeline = 'déploiement-продакшн-流水线-✓';
      const names = { stage: 'Déployer\nen prod', action: 'Canari 🐤' };
      const event = withDetail('pipeline-failed', { pipeline });

      const delivery = await deliveryOf(event, { state: historyAs(pipeline, names) });

      expect(delivery.subject).toMatch(SNS_SUBJECT);
      expect(delivery.subject).toBe('[FAILED] deploiement---: Deployer en prod / Canari');
      expect(delivery.attributes.resource?.StringValue).toBe(pipeline);
      expect(delivery.body.default).toContain(`Pipeline ${pipeline} FAILED`);
      expect(chatOf(delivery).metadata.summary).toBe(delivery.subject);
    });

    it('is cut below 100 characters for the longest pipeline, stage and action names', async () => {
      const pipeline = `pipewright-${'p'.repeat(89)}`;
      const names = { stage: `Deploy${'S'.repeat(94)}`, action: `Canary${'A'.repeat(94)}` };
      const event = withDetail('pipeline-failed', { pipeline });

      const delivery = await deliveryOf(event, { state: historyAs(pipeline, names) });

      expect(delivery.subject).toMatch(SNS_SUBJECT);
      expect(delivery.subject).toMatch(/^\[FAILED\] pipewright-p+\.\.\.$/);
      expect(delivery.body.default).toContain(`action ${names.action} (CodeDeploy)`);
      expect(chatOf(delivery).content.title.length).toBeLessThanOrEqual(250);
    });
  });
});
