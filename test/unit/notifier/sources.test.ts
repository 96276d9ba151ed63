import * as z from 'zod';
import { renderChat } from '../../../functions/notifier/render/chat';
import { subjectLine } from '../../../functions/notifier/render/facts';
import { renderText } from '../../../functions/notifier/render/text';
import { findSource } from '../../../functions/notifier/sources';
import { defineSource, eventTime } from '../../../functions/notifier/sources/define';
import { sampleEvent } from './fixtures';

function parse(event: unknown) {
  const source = findSource(event);
  if (!source) throw new Error('no source for the event');
  return source.parse(event);
}

describe('notifier sources', () => {
  it('parses a pipeline execution FAILED event into a critical pipeline notification with its console link', () => {
    const n = parse(sampleEvent('pipeline-failed'));

    expect(n).toMatchObject({
      source: 'codepipeline',
      scope: 'pipeline',
      resource: 'pipewright-prod',
      state: 'FAILED',
      severity: 'critical',
      region: sampleEvent('pipeline-failed').region,
      executionId: '4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b',
      pipelineExecutionId: '4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b',
      trigger: { type: 'Webhook' },
      durationMs: (12 * 60 + 32) * 1000,
    });
    expect(n.links[0]!.url).toBe(
      'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipewright-prod/executions/4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b/timeline?region=eu-west-1',
    );
  });

  it('accepts detail.version as a number or a string', () => {
    const asNumber = sampleEvent('pipeline-failed');
    const asString = sampleEvent('pipeline-stopped');

    expect(typeof asNumber.detail.version).toBe('number');
    expect(typeof asString.detail.version).toBe('string');
    expect(parse(asNumber).state).toBe('FAILED');
    expect(parse(asString)).toMatchObject({ state: 'STOPPED', severity: 'warning' });
  });

  it('tolerates missing optional fields (trigger, start time, action type, execution result)', () => {
    const pipeline = sampleEvent('pipeline-failed');
    delete pipeline.detail['execution-trigger'];
    delete pipeline.detail['start-time'];
    delete pipeline.detail.version;
    const action = sampleEvent('action-failed-with-execution-result');
    delete action.detail.type;
    delete action.detail['execution-result'];

    expect(parse(pipeline)).toMatchObject({ trigger: undefined, durationMs: undefined });
    expect(parse(action)).toMatchObject({ provider: undefined, failures: [] });
  });

  it('turns an action event execution-result into the failure (summary, error code, link)', () => {
    const n = parse(sampleEvent('action-failed-with-execution-result'));

    expect(n).toMatchObject({
      scope: 'action',
      stage: 'Deploy',
      action: 'DeployApiCanary',
      provider: 'CodeDeploy',
    });
    expect(n.failures).toEqual([
      {
        stage: 'Deploy',
        action: 'DeployApiCanary',
        provider: 'CodeDeploy',
        code: 'JobFailed',
        summary: expect.stringContaining('3 of 4 canary checks failed'),
        url: 'https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-PWNTF0042?region=eu-west-1',
      },
    ]);
  });

  it('parses a stage event with its stage', () => {
    expect(parse(sampleEvent('stage-failed'))).toMatchObject({
      scope: 'stage',
      stage: 'Deploy',
      state: 'FAILED',
    });
  });

  it('parses a CodeBuild failure: failed phase, initiator, logs link, and no environment variable value', () => {
    const event = sampleEvent('codebuild-failed');
    const n = parse(event);

    expect(n).toMatchObject({
      source: 'codebuild',
      scope: 'build',
      resource: 'pipewright-nightly-tests',
      state: 'FAILED',
      executionId: 'pipewright-nightly-tests:5e8f2a9c-3b1d-4e7a-9c6b-0d2f4a8e1b3c',
      trigger: { type: 'alice' },
      durationMs: 189_000,
    });
    expect(n.failures).toEqual([
      {
        action: 'BUILD phase',
        code: undefined,
        summary: expect.stringContaining('--db-password *** --db-pin ***. Reason'),
      },
    ]);
    expect(n.links.map((l) => l.label)).toEqual(['Build', 'Build logs']);
    expect(JSON.stringify(n)).not.toContain('hunter2-Plaintext-Zx9q');
    expect(JSON.stringify(n)).not.toContain('4821');
    expect(JSON.stringify(n)).not.toContain('DB_PASSWORD');
  });

  it('keeps the codepipeline/<name> initiator of a build started by a pipeline', () => {
    expect(parse(sampleEvent('codebuild-failed-in-pipeline')).trigger).toEqual({
      type: 'codepipeline/pipewright-prod',
    });
  });

  it('parses a CodeDeploy deployment state change with its group and console link', () => {
    const n = parse(sampleEvent('codedeploy-failed'));

    expect(n).toMatchObject({
      source: 'codedeploy',
      scope: 'deployment',
      resource: 'pipewright-prod-ServerlessDeploymentApplication-1KQ8ZR3T5W7Y',
      deploymentGroup: 'pipewright-prod-ApiFunctionDeploymentGroup-9XM2C4V6B8N0',
      state: 'FAILURE',
      label: 'FAILED',
      severity: 'critical',
      executionId: 'd-PWNTF0042',
    });
    expect(n.links[0]!.url).toContain('/codesuite/codedeploy/deployments/d-PWNTF0042?region=eu-west-1');
    expect(parse(sampleEvent('codedeploy-stopped')).severity).toBe('warning');
  });

  it('finds no source for an event it does not serve, or for something that is not an event', () => {
    expect(findSource(sampleEvent('unknown-event'))).toBeUndefined();
    expect(findSource(null)).toBeUndefined();
    expect(findSource('FAILED')).toBeUndefined();
  });

  it('rejects a matching event whose detail lacks required fields', () => {
    const event = sampleEvent('pipeline-failed');
    delete event.detail.pipeline;

    expect(() => parse(event)).toThrow(/pipeline/);
  });

  it('renders a new family from its definition alone: its nouns and placement, no scope name the renderers know', () => {
    const ecs = defineSource({
      name: 'ecs-deployment',
      source: 'aws.ecs',
      detailType: 'ECS Deployment State Change',
      detail: z.object({ deploymentId: z.string(), eventName: z.string() }),
      nouns: { resource: 'ECS service', run: 'deployment' },
      placement: { runInSubject: true },
      enrichers: [],
      settings: {},
      earlySkip: () => undefined,
      build: (envelope, detail) => ({
        source: 'ecs',
        scope: 'service-deployment',
        resource: 'orders',
        arn: `arn:aws:ecs:${envelope.region}:${envelope.account}:service/prod/orders`,
        state: detail.eventName,
        label: 'FAILED',
        severity: 'critical',
        region: envelope.region,
        account: envelope.account,
        time: eventTime(envelope),
        executionId: detail.deploymentId,
        failures: [],
        revisions: [],
        links: [],
        facts: [],
      }),
    });
    const event = {
      source: 'aws.ecs',
      'detail-type': 'ECS Deployment State Change',
      region: 'eu-west-1',
      account: '123456789012',
      detail: { deploymentId: 'ecs-svc/123', eventName: 'SERVICE_DEPLOYMENT_FAILED' },
    };

    const n = ecs.parse(event);

    expect(ecs.matches(event)).toBe(true);
    expect(subjectLine(n)).toBe('[FAILED] orders: ecs-svc/123');
    expect(renderText(n)).toMatch(/^ECS service orders FAILED \(deployment ecs-svc\/123\)\n/);
    expect(renderChat(n, { threadPerExecution: true }).metadata.eventType).toBe(
      'ecs-service-deployment-service_deployment_failed',
    );
  });
});
