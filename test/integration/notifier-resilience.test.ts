import { ENRICHMENT_ATTEMPTS } from '../../functions/notifier/enrich/clients';
import { callOutcomes } from './harness';
import {
  chatOf,
  logEntries,
  notifyThroughBundle,
  prodHistory,
  sample,
  withDetail,
} from './notifier-subscriber';

/** SNS's limit on a published message (the whole MessageStructure JSON). */
const SNS_MAX_MESSAGE_BYTES = 256 * 1024;
/** AWS_MAX_ATTEMPTS of the template's Globals: the SDK's tries per call. */
const MAX_ATTEMPTS = 5;

const fault = (operation: string, error: string, more: { status?: number; times?: number } = {}) => ({
  faults: [{ operation, error, ...more }],
});
const count = (outcomes: string[], outcome: string) => outcomes.filter((o) => o === outcome).length;
const enrichmentWarnings = (run: Parameters<typeof logEntries>[0]) =>
  logEntries(run).filter((e) => e.level === 'WARN' && String(e.message).startsWith('Enrichment'));

describe('NotifierFunction when enrichment calls fail over the wire', () => {
  it('publishes once without the failed action when ListActionExecutions is denied, and logs why', async () => {
    const state = fault('codepipeline:ListActionExecutions', 'AccessDeniedException');

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error).toBeUndefined();
    expect(count(callOutcomes(run), 'ListActionExecutions AccessDeniedException')).toBe(1);
    expect(run.deliveries).toHaveLength(1);
    const text = run.deliveries[0]!.body.default!;
    expect(text).not.toContain('DeployApiCanary');
    expect(text).not.toContain('Retry:');
    expect(text).toContain('Change: 9f1c2ab');
    expect(enrichmentWarnings(run)).toEqual([
      expect.objectContaining({ enricher: 'failed-actions', reason: expect.stringMatching(/^AccessDenied/) }),
    ]);
  });

  it('publishes once without the change when GetPipelineExecution answers 500 beyond the retries', async () => {
    const state = fault('codepipeline:GetPipelineExecution', 'InternalFailure', { status: 500 });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error).toBeUndefined();
    expect(count(callOutcomes(run), 'GetPipelineExecution InternalFailure')).toBe(ENRICHMENT_ATTEMPTS);
    expect(run.deliveries).toHaveLength(1);
    const text = run.deliveries[0]!.body.default!;
    expect(text).not.toContain('Change:');
    expect(text).toContain('Failed: stage Deploy > action DeployApiCanary');
    expect(enrichmentWarnings(run)).toEqual([
      expect.objectContaining({
        enricher: 'source-revisions',
        reason: expect.stringContaining('InternalFailure'),
      }),
    ]);
  });

  it('publishes the full notification once when ListPipelineExecutions is throttled, then answers', async () => {
    const state = fault('codepipeline:ListPipelineExecutions', 'ThrottlingException', { times: 1 });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run).filter((c) => c.startsWith('ListPipelineExecutions'))).toEqual([
      'ListPipelineExecutions ThrottlingException',
      'ListPipelineExecutions ok',
    ]);
    expect(run.deliveries).toHaveLength(1);
    expect(run.deliveries[0]!.body.default).toContain('Previous run: SUCCEEDED (execution 1e5f7a20)');
    expect(enrichmentWarnings(run)).toEqual([]);
  });

  it('stops enriching at a call throttled beyond its one retry, and publishes at once saying so', async () => {
    const state = fault('codepipeline:ListPipelineExecutions', 'ThrottlingException');

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toEqual([
      'GetParametersByPath ok',
      ...Array<string>(ENRICHMENT_ATTEMPTS).fill('ListPipelineExecutions ThrottlingException'),
      'Publish ok',
    ]);
    expect(run.deliveries[0]!.body.default!.split('\n')[1]).toBe(
      'Not enriched: codepipeline:ListPipelineExecutions was throttled (ThrottlingException); the rest of the enrichment was skipped',
    );
  });
});

describe('NotifierFunction with huge content', () => {
  /** ~1 MB of the characters that grow most when escaped for markdown and (twice) for JSON. */
  const hugeSummary = (i: number) => `Action ${i} failed: ${'\\"'.repeat(500_000)}`;

  it('keeps the whole message within 256 KB when ten failed actions each carry a ~1 MB error summary', async () => {
    const pipeline = 'pipewright-huge';
    const { executions, actionExecutions = [] } = prodHistory();
    const failed = actionExecutions.find((a) => a.status === 'Failed')!;
    const huge = Array.from({ length: 10 }, (_, i) => ({
      ...failed,
      actionName: `Canary${i}`,
      output: {
        executionResult: {
          externalExecutionSummary: hugeSummary(i),
          externalExecutionUrl: `https://example.com/${'\\'.repeat(5_000)}`,
          errorDetails: { code: 'JobFailed', message: hugeSummary(i) },
        },
      },
    }));
    const state = { codepipeline: { pipelines: { [pipeline]: { executions, actionExecutions: huge } } } };
    expect(hugeSummary(0).length).toBeGreaterThan(1_000_000);

    const run = await notifyThroughBundle(withDetail('pipeline-failed', { pipeline }), { state });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toContain('Publish ok');
    const [delivery] = run.deliveries;
    expect(Buffer.byteLength(delivery!.raw)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(() => chatOf(delivery!)).not.toThrow();
    for (const protocol of ['sqs', 'lambda'])
      expect(() => JSON.parse(delivery!.body[protocol]!)).not.toThrow();
    expect(delivery!.body.default).toContain('JobFailed: Action 0 failed: \\"\\"');
    expect(run.logs.join('\n').length).toBeLessThan(100_000);
  });
});

describe('NotifierFunction when publishing fails', () => {
  it('retries a throttled Publish and publishes once', async () => {
    const state = fault('sns:Publish', 'Throttling', { times: 1 });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run).filter((c) => c.startsWith('Publish'))).toEqual([
      'Publish Throttling',
      'Publish ok',
    ]);
    expect(run.deliveries).toHaveLength(1);
  });

  it('fails the invocation (Lambda retries, then the failure destination) when Publish answers 500 beyond the retries', async () => {
    const state = fault('sns:Publish', 'InternalError', { status: 500 });

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state });

    expect(run.error?.errorType).toBe('InternalErrorException');
    expect(count(callOutcomes(run), 'Publish InternalError')).toBe(MAX_ATTEMPTS);
    expect(run.deliveries).toHaveLength(0);
  });

  it('fails the invocation before the Lambda deadline, publishing nothing after it, when Publish answers too late', async () => {
    const state = { faults: [{ operation: 'sns:Publish', delayMs: 8_000 }] };

    const run = await notifyThroughBundle(sample('pipeline-failed'), { state, timeoutSeconds: 6 });

    expect(run.error?.errorType).toBe('DeadlineExceededError'); // not Lambda's own timeout
    expect(run.deliveries).toHaveLength(0);
  }, 30_000);

  it.each([
    ['AuthorizationError', 403, 'AuthorizationErrorException'],
    ['KMSAccessDenied', 400, 'KMSAccessDeniedException'],
    ['KMSDisabled', 400, 'KMSDisabledException'],
  ])('fails the invocation at once when Publish answers %s', async (error, status, errorType) => {
    const state = fault('sns:Publish', error, { status });

    const run = await notifyThroughBundle(sample('codedeploy-failed'), { state });

    expect(run.error?.errorType).toBe(errorType);
    expect(callOutcomes(run).filter((c) => c.startsWith('Publish'))).toEqual([`Publish ${error}`]);
    expect(run.deliveries).toHaveLength(0);
  });
});
