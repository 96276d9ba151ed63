import type { Endpoint } from '../../local/endpoint/server';
import { callOutcomes, invokeBundle, openEndpoint } from './harness';
import { FN, acceptedResults, followJob, jobEvent, scriptedServer } from './pipeline-action-support';

/**
 * A 12 s function keeping a 5 s reserve has 7 s of work: less than the 5 s poll interval plus the 5 s
 * step margin, so each invocation looks at the execution once and hands over.
 */
const onePollPerInvocation = { timeoutSeconds: 12, env: { PIPEWRIGHT_REPORT_RESERVE_MS: '5000' } };

describe('run-automation task through the bundle, followed through continuation tokens', () => {
  let endpoint: Endpoint;
  beforeEach(async () => {
    endpoint = await openEndpoint();
  });
  afterEach(() => endpoint.close());

  it('starts the automation once, hands over while it runs, and reports success when it succeeds', async () => {
    const runs = await followJob(jobEvent('run-automation.json'), { ...onePollPerInvocation, endpoint });

    expect(runs.map(callOutcomes)).toEqual([
      ['StartAutomationExecution ok', 'GetAutomationExecution ok', 'PutJobSuccessResult ok'],
      ['GetAutomationExecution ok', 'PutJobSuccessResult ok'],
    ]);
    const executionId = runs[0]!.calls[0]!.detail;
    expect(runs[0]!.calls[2]!.detail).toBe('continues (continuation token)');
    expect(runs[0]!.result).toMatchObject({
      kind: 'continue',
      summary: `Automation Checkout-FlushCache (execution ${executionId}) InProgress at step flushCache (1 of 2 steps done)`,
      percentComplete: 50,
    });
    expect(runs[1]!.calls[1]!.detail).toBe('succeeded (1 output variable)');
    expect(runs[1]!.result).toMatchObject({
      kind: 'success',
      outputVariables: { AutomationExecutionId: executionId },
      externalExecutionId: executionId,
    });
  });

  it('reports failure naming the failed step and its message when the automation fails', async () => {
    const runs = await followJob(jobEvent('run-automation-failed.json'), {
      ...onePollPerInvocation,
      endpoint,
    });

    expect(runs).toHaveLength(2);
    const executionId = runs[0]!.calls[0]!.detail;
    expect(callOutcomes(runs[1]!)).toEqual(['GetAutomationExecution ok', 'PutJobFailureResult ok']);
    expect(runs[1]!.calls[1]!.detail).toBe(
      `JobFailed: Task run-automation: Automation Checkout-RotateApiKeys (execution ${executionId}) ended Failed: step updateSecret Failed: Step fails when it is Executing. Fail Message: AccessDeniedException: secretsmanager:PutSecretValue on checkout/prod/api-key`,
    );
  });
});

describe('load-parameters task through the bundle', () => {
  it('sends String and StringList parameters as output variables on the wire', async () => {
    const run = await invokeBundle(FN, jobEvent('load-parameters.json'));

    expect(callOutcomes(run)).toEqual(['GetParametersByPath ok', 'PutJobSuccessResult ok']);
    const reported = run.calls[1]!;
    expect(reported.detail).toBe('succeeded (4 output variables)');
    expect(reported.input).toContain(
      'outputVariables: {api-url: "https://checkout.example.com", db_host: "checkout-prod.cluster-abc123.eu-west-1.rds.amazonaws.com", feature-flags: "new-cart,fast-checkout", image-tag: "2026.01.07-9f1c2ab"}',
    );
  });

  it('skips a SecureString, names it in the summary and never puts it on the wire', async () => {
    const run = await invokeBundle(FN, jobEvent('load-parameters-secure-string-skipped.json'));

    expect(acceptedResults(run)).toHaveLength(1);
    expect(run.result).toEqual({
      kind: 'success',
      summary:
        'Loaded 1 parameter from /checkout/staging as output variables: api-url; skipped 1 SecureString (never exported): /checkout/staging/db/password',
      outputVariables: { 'api-url': 'https://staging.checkout.example.com' },
    });
    expect(run.calls[1]!.input).not.toMatch(/db_password|AQICAH/);
  });

  it('reports failure naming the total size when the parameters exceed 122,880 bytes, reading no further page', async () => {
    const parameters = Array.from({ length: 31 }, (_, i) => ({
      name: `/checkout/big/p${String(i).padStart(2, '0')}`,
      value: 'x'.repeat(4096), // the Standard tier's largest value
    }));
    const event = jobEvent('load-parameters.json', { path: '/checkout/big/' });

    const run = await invokeBundle(FN, event, { state: { ssm: { parameters } } });

    expect(callOutcomes(run)).toEqual([
      ...Array(3).fill('GetParametersByPath ok'), // 10 per page: 30 are over the limit, the 4th page is not read
      'PutJobFailureResult ok',
    ]);
    expect(run.calls[3]!.detail).toMatch(
      /^JobFailed: Task load-parameters: Parameters under \/checkout\/big cannot be exported: output variables total 122970 bytes, over CodePipeline's limit of 122880 bytes \(largest: p00 \(4099 bytes\).*\) \(reading stopped after 30 parameters: more cannot make them fit\)$/,
    );
  });
});

describe('input artifacts through the bundle', () => {
  it("reads the artifact from S3 signed with the job's artifact credentials, not the function's", async () => {
    const server = await scriptedServer({ status: 200, body: { status: 'ok' } });
    const event = jobEvent('http-check-url-from-artifact.json');
    const job = event['CodePipeline.job'];
    const location = job.data.inputArtifacts[0]!.location.s3Location;
    location.objectKey = 'pipewright-demo/BuildOutpu/integration';
    const objects = [
      {
        bucket: location.bucketName,
        key: location.objectKey,
        zip: { 'outputs.json': JSON.stringify({ ApiUrl: `${server.url}/health` }) },
      },
    ];

    const run = await invokeBundle(FN, event, { state: { s3: { objects } } });
    await server.close();

    expect(run.error).toBeUndefined();
    expect(server.requests).toEqual(['GET /health']);
    expect(callOutcomes(run)).toEqual(['GetObject ok', 'PutJobSuccessResult ok']);
    const [read, report] = run.calls;
    expect(read!.accessKeyId).toBe(job.data.artifactCredentials.accessKeyId);
    expect(report!.accessKeyId).toBeDefined();
    expect(report!.accessKeyId).not.toBe(job.data.artifactCredentials.accessKeyId);
    const printed = run.logs.join('\n');
    expect(printed).not.toContain(job.data.artifactCredentials.secretAccessKey);
    expect(printed).not.toContain(job.data.artifactCredentials.sessionToken);
  });
});
