import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { strToU8, zipSync } from 'fflate';
import { handler } from '../../../../functions/pipeline-action';
import { fakeContext, loadEvent, mockCodePipeline, startServer, withParameters } from '../support';
import { s3Body } from '../../../support/s3-body';

describe('http-check task', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let status = 200;
  beforeEach(async () => {
    codepipeline = mockCodePipeline();
    status = 200;
    server = await startServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"status":"ok"}' : '{"status":"degraded"}');
    });
  });
  afterEach(() => server.close());

  it('reports success with HttpStatus when the endpoint answers as expected', async () => {
    await handler(withParameters(loadEvent('http-check'), { url: server.url('/health') }), fakeContext());
    const [success] = codepipeline.success();
    expect(success?.executionDetails?.summary).toMatch(
      new RegExp(`^GET ${server.url('/health')}: 200 in \\d+ ms \\(attempt 1 of 2\\)$`),
    );
    expect(success?.outputVariables).toMatchObject({ HttpStatus: '200' });
  });

  it('reports failure with the last status and the attempt count when every attempt fails', async () => {
    status = 503;
    const event = withParameters(loadEvent('http-check'), { url: server.url('/health'), intervalSeconds: 0 });
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'JobFailed',
      message: `Task http-check: HTTP check failed after 2 of 2 attempts; last: GET ${server.url('/health')}: expected status 2xx, got 503 (body: "{"status":"degraded"}")`,
    });
    expect(server.hits()).toBe(2);
  });

  it('reports the connection error when nothing listens on the URL', async () => {
    await handler(loadEvent('http-check-failing'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toMatch(
      /^Task http-check: HTTP check failed after 2 of 2 attempts; last: GET http:\/\/127\.0\.0\.1:65534\/health: connection refused \(ECONNREFUSED\)$/,
    );
  });

  it('hands over through a continuation token when the next interval would not fit in the invocation', async () => {
    status = 503;
    const event = withParameters(loadEvent('http-check'), {
      url: server.url('/health'),
      attempts: 5,
      intervalSeconds: 60,
    });
    await handler(event, fakeContext(12_500));
    const [progress] = codepipeline.success();
    expect(JSON.parse(progress!.continuationToken!)).toEqual({
      v: 1,
      task: 'http-check',
      state: { attemptsDone: 1, nextAttemptAt: expect.any(Number) },
    });
    expect(progress?.executionDetails?.percentComplete).toBe(20);
    expect(progress?.executionDetails?.summary).toContain('Attempt 1 of 5 done');
    expect(codepipeline.failure()).toEqual([]);
  });

  it('counts the attempts of earlier invocations when it resumes from a continuation token', async () => {
    status = 503;
    const event = withParameters(loadEvent('http-check-continuation-resume'), { url: server.url('/health') });
    await handler(event, fakeContext());
    expect(server.hits()).toBe(1);
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'HTTP check failed after 3 of 3 attempts',
    );
  });

  it('accepts any of several expected statuses and checks a JSON path', async () => {
    status = 503;
    const event = withParameters(loadEvent('http-check'), {
      url: server.url('/health'),
      expectStatus: [200, 503],
      expectJson: { path: 'status', equals: 'ok' },
      attempts: 1,
    });
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'expected JSON status = "ok", got "degraded"',
    );
  });

  it('sends the method (any case), headers and body, and accepts one expected status code', async () => {
    await server.close();
    const seen: Array<{ method?: string; token?: string; body: string }> = [];
    server = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, token: req.headers['x-smoke-token'] as string, body });
        res.writeHead(201).end('{"status":"ok"}');
      });
    });
    const event = withParameters(loadEvent('http-check'), {
      url: server.url('/orders'),
      method: 'post',
      headers: { 'x-smoke-token': 'smoke' },
      body: '{"dryRun":true}',
      expectStatus: 201,
    });
    await handler(event, fakeContext());
    expect(seen).toEqual([{ method: 'POST', token: 'smoke', body: '{"dryRun":true}' }]);
    expect(codepipeline.success()[0]?.outputVariables).toMatchObject({ HttpStatus: '201' });
  });

  it('reads the URL from an input artifact file with the job credentials', async () => {
    const s3 = mockClient(S3Client);
    const zip = zipSync({ 'outputs.json': strToU8(JSON.stringify({ ApiUrl: server.url('/health') })) });
    s3.on(GetObjectCommand).resolves({
      ContentLength: zip.byteLength,
      Body: s3Body(zip),
    } as never);
    await handler(loadEvent('http-check-url-from-artifact'), fakeContext());
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'codepipeline-eu-west-1-123456789012',
      Key: 'pipewright-demo/BuildOutpu/Qr7TzW1',
    });
    expect(codepipeline.success()[0]?.outputVariables).toMatchObject({ HttpStatus: '200' });
    expect(server.hits()).toBe(1);
  });

  /** Serves `outputs.json` of the seeded BuildOutput artifact with `content`. */
  function artifactHolding(content: string) {
    const zip = zipSync({ 'outputs.json': strToU8(content) });
    mockClient(S3Client)
      .on(GetObjectCommand)
      .resolves({ ContentLength: zip.byteLength, Body: s3Body(zip) } as never);
  }

  it('reports a ConfigurationError naming artifact, file and key, not their content, when the key holds no URL', async () => {
    artifactHolding(JSON.stringify({ ApiUrl: 'localhost' }));
    await handler(loadEvent('http-check-url-from-artifact'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'Task http-check: Input artifact "BuildOutput" file "outputs.json" key "ApiUrl" does not hold an http(s) URL without credentials (found a string of 9 characters)',
    });
  });

  it('reports a ConfigurationError without calling the URL when the artifact points outside allowedHosts', async () => {
    artifactHolding(JSON.stringify({ ApiUrl: server.url('/health') }));
    const event = withParameters(loadEvent('http-check-url-from-artifact'), {
      allowedHosts: ['api.example.com'],
    });
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message: `Task http-check: GET ${server.url('/health')}: host 127.0.0.1 is not in allowedHosts (api.example.com)`,
    });
    expect(server.hits()).toBe(0);
  });

  it('reports a ConfigurationError for the instance metadata address instead of calling it', async () => {
    const event = withParameters(loadEvent('http-check'), {
      url: 'http://169.254.169.254/latest/meta-data/',
    });
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'Task http-check: GET http://169.254.169.254/latest/meta-data/: host 169.254.169.254 is a link-local address (instance metadata, credentials): blocked unless allowedHosts names it',
    });
  });
});
