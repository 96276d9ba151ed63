import { handler } from '../../../../functions/pipeline-action';
import { fakeContext, loadEvent, mockCodePipeline, startServer, withParameters } from '../support';

/** A 3 s work budget (default 10 s reserve), far below the 300 s an attempt may be configured to take. */
const SHORT_INVOCATION_MS = 13_000;

describe('http-check task attempt timeout', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeEach(async () => {
    codepipeline = mockCodePipeline();
    server = await startServer(() => undefined); // accepts requests and never answers
  });
  afterEach(() => server.close());

  it('cuts an attempt to the remaining invocation time so a timeoutSeconds of 300 still ends in a report', async () => {
    const event = withParameters(loadEvent('http-check'), {
      url: server.url('/health'),
      attempts: 1,
      timeoutSeconds: 300,
    });

    await handler(event, fakeContext(SHORT_INVOCATION_MS));

    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'JobFailed',
      message: expect.stringMatching(
        /^Task http-check: HTTP check failed after 1 of 1 attempt; last: GET http:\/\/127\.0\.0\.1:\d+\/health: timed out after \d+ ms$/,
      ),
    });
  });

  it('hands over instead of starting an attempt when too little of the invocation remains', async () => {
    const event = withParameters(loadEvent('http-check'), {
      url: server.url('/health'),
      attempts: 3,
      intervalSeconds: 0,
      timeoutSeconds: 300,
    });

    await handler(event, fakeContext(SHORT_INVOCATION_MS));

    expect(server.hits()).toBe(1);
    expect(codepipeline.failure()).toEqual([]);
    expect(JSON.parse(codepipeline.success()[0]?.continuationToken ?? 'null')).toEqual({
      v: 1,
      task: 'http-check',
      state: { attemptsDone: 1 },
    });
  });

  it('reports a ConfigurationError when an invocation is too short for any attempt', async () => {
    const event = withParameters(loadEvent('http-check'), { url: server.url('/health') });

    await handler(event, fakeContext(10_500));

    expect(server.hits()).toBe(0);
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message: expect.stringMatching(
        /^Task http-check: an invocation leaves only \d+ ms of work time, too little for one attempt: raise the function's Timeout/,
      ),
    });
  });
});
