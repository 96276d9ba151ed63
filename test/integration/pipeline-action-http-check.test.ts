import { startLoopbackServer, streamBytes } from '../support/loopback-server';
import { callOutcomes, invokeBundle } from './harness';
import { FN, acceptedResults, continuationOf, jobEvent, scriptedServer } from './pipeline-action-support';

const healthy = { status: 200, body: { status: 'ok', version: '2026.01.07' } };
const unavailable = { status: 503, body: { message: 'warming up' } };

/**
 * A 10 s function keeping a 5 s reserve has a 5 s work budget: less than one more attempt needs
 * (interval 1 s + timeout 2 s + the tasks' 5 s step margin), so each invocation makes one attempt and
 * hands over through a continuation token.
 */
const oneAttemptPerInvocation = { timeoutSeconds: 10, env: { PIPEWRIGHT_REPORT_RESERVE_MS: '5000' } };

describe('http-check task through the bundle (loopback HTTP server, loopback AWS endpoint)', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reports success with output variables when the JSON body has the expected value', async () => {
    server = await scriptedServer(healthy);
    const event = jobEvent('http-check.json', { url: `${server.url}/health` });

    const run = await invokeBundle(FN, event);

    expect(run.error).toBeUndefined();
    expect(server.requests).toEqual(['GET /health']);
    expect(callOutcomes(run)).toEqual(['PutJobSuccessResult ok']);
    expect(run.calls[0]?.input).toMatch(/outputVariables: \{HttpStatus: "200", DurationMs: "\d+"\}/);
    expect(run.result).toMatchObject({ kind: 'success', outputVariables: { HttpStatus: '200' } });
  });

  it('reports failure naming the JSON value it saw when the body does not match expectJson', async () => {
    server = await scriptedServer({ status: 200, body: { status: 'degraded' } });
    const event = jobEvent('http-check.json', { url: `${server.url}/health`, attempts: 1 });

    const run = await invokeBundle(FN, event);

    expect(acceptedResults(run)).toHaveLength(1);
    expect(run.calls[0]?.operation).toBe('PutJobFailureResult');
    expect(run.calls[0]?.detail).toContain('expected JSON status = "ok", got "degraded"');
  });

  it('retries within one invocation and succeeds when a 503 is followed by a 200', async () => {
    server = await scriptedServer(unavailable, healthy);
    const event = jobEvent('http-check.json', {
      url: `${server.url}/health`,
      attempts: 3,
      intervalSeconds: 0,
    });

    const run = await invokeBundle(FN, event);

    expect(run.error).toBeUndefined();
    expect(server.requests).toEqual(['GET /health', 'GET /health']);
    expect(callOutcomes(run)).toEqual(['PutJobSuccessResult ok']);
    expect(run.result).toMatchObject({ kind: 'success', summary: expect.stringContaining('attempt 2 of 3') });
  });

  it('reports failure with the last status and body when every attempt answers 503', async () => {
    server = await scriptedServer(unavailable);
    const event = jobEvent('http-check.json', {
      url: `${server.url}/health`,
      attempts: 2,
      intervalSeconds: 0,
    });

    const run = await invokeBundle(FN, event);

    expect(run.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(callOutcomes(run)).toEqual(['PutJobFailureResult ok']);
    expect(run.calls[0]?.detail).toBe(
      `JobFailed: Task http-check: HTTP check failed after 2 of 2 attempts; last: GET ${server.url}/health: expected status 2xx, got 503 (body: "{"message":"warming up"}")`,
    );
  });

  it('hands over through a continuation token and resumes in the next job until the check passes', async () => {
    server = await scriptedServer(unavailable, healthy);
    const first = jobEvent('http-check.json', { url: `${server.url}/health`, attempts: 3 });

    const handedOver = await invokeBundle(FN, first, oneAttemptPerInvocation);

    expect(handedOver.error).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect(callOutcomes(handedOver)).toEqual(['PutJobSuccessResult ok']);
    const continued = handedOver.calls[0]!;
    expect(continued.detail).toBe('continues (continuation token)');
    expect(continued.input).toMatch(
      /executionDetails: \{summary: "Attempt 1 of 3 done .*percentComplete: 33\}/,
    );
    expect(continued.input).toContain('continuationToken: ');
    expect(continued.input).not.toContain('outputVariables');
    const { continuationToken } = handedOver.result as { continuationToken: string };
    expect(JSON.parse(continuationToken)).toEqual({ v: 1, task: 'http-check', state: { attemptsDone: 1 } });

    const resumed = await invokeBundle(FN, continuationOf(first, continuationToken), oneAttemptPerInvocation);

    expect(resumed.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(callOutcomes(resumed)).toEqual(['PutJobSuccessResult ok']);
    expect(resumed.calls[0]?.detail).toBe('succeeded (2 output variables)');
    expect(resumed.result).toMatchObject({
      kind: 'success',
      summary: expect.stringContaining('attempt 2 of 3'),
    });
  });

  it('counts attempts across invocations and fails once the last allowed attempt fails', async () => {
    server = await scriptedServer(unavailable);
    const first = jobEvent('http-check.json', { url: `${server.url}/health`, attempts: 2 });

    const handedOver = await invokeBundle(FN, first, oneAttemptPerInvocation);
    const { continuationToken } = handedOver.result as { continuationToken: string };
    const last = await invokeBundle(FN, continuationOf(first, continuationToken), oneAttemptPerInvocation);

    expect(server.requests).toHaveLength(2);
    expect(callOutcomes(last)).toEqual(['PutJobFailureResult ok']);
    expect(last.calls[0]?.detail).toContain('HTTP check failed after 2 of 2 attempts; last: ');
    expect(last.calls[0]?.detail).toContain('got 503 (body: "{"message":"warming up"}")');
  });

  it('reports the job with a 300 MB answer while the process stays under its MemorySize (body cut at 1 MiB)', async () => {
    let big: ReturnType<typeof streamBytes> | undefined;
    const huge = await startLoopbackServer((_req, res) => (big = streamBytes(res, 300 * 1_048_576)));
    try {
      const event = jobEvent('http-check.json', {
        url: huge.url('/export'),
        expectJson: undefined,
        expectBodyContains: 'aaaa',
        attempts: 1,
        timeoutSeconds: 60,
      });

      const run = await invokeBundle(FN, event);

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toEqual(['PutJobSuccessResult ok']);
      expect(run.maxMemoryMB).toBeLessThan(run.memorySizeMB);
      expect(run.result).toMatchObject({
        kind: 'success',
        summary: expect.stringMatching(/: 200 in \d+ ms \(body cut at 1 MiB\) \(attempt 1 of 1\)$/),
      });
      expect(big!.sent()).toBeLessThan(300 * 1_048_576);
      process.stdout.write(
        `http-check 300 MB answer: peak RSS ${run.maxMemoryMB} MB of ${run.memorySizeMB} MB\n`,
      );
    } finally {
      await huge.close();
    }
  });
});
