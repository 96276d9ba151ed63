import { handler } from '../../../../functions/pipeline-action';
import {
  type JobEvent,
  fakeContext,
  loadEvent,
  mockCodePipeline,
  startServer,
  withParameters,
} from '../support';

/** A 2.5 s work budget (default 10 s reserve): one 1 s attempt fits, a 600 s interval does not. */
const SHORT_INVOCATION_MS = 12_500;

/**
 * Runs one invocation on jest's fake clock: whenever the task waits (`pause`: a timer besides the
 * work deadline's), the clock jumps to that timer; otherwise real I/O (the local HTTP server) runs.
 */
async function invoke(event: JobEvent, remainingMs?: number): Promise<void> {
  let settled = false;
  const running = handler(event, fakeContext(remainingMs)).finally(() => (settled = true));
  while (!settled) {
    if (jest.getTimerCount() > 1) await jest.advanceTimersToNextTimerAsync();
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await running;
}

/** The job CodePipeline sends after a continuation: the same action with the token set. */
function continued(event: JobEvent, token: string): JobEvent {
  const next = structuredClone(event);
  next['CodePipeline.job'].data.continuationToken = token;
  return next;
}

/** The sample resumed job with its token's state and some UserParameters replaced. */
function resumedWith(state: object, changes: Record<string, unknown>): JobEvent {
  const event = withParameters(loadEvent('http-check-continuation-resume'), changes);
  return continued(event, JSON.stringify({ v: 1, task: 'http-check', state }));
}

describe('http-check task interval across invocations', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let status = 503;
  const hitTimes: number[] = [];
  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    codepipeline = mockCodePipeline();
    status = 503;
    hitTimes.length = 0;
    server = await startServer((_req, res) => {
      hitTimes.push(Date.now());
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await server.close();
  });

  const tokens = () => codepipeline.success().map((s) => JSON.parse(s.continuationToken ?? 'null'));

  it('does not spend attempts on resumed invocations before intervalSeconds has passed', async () => {
    const first = withParameters(loadEvent('http-check'), {
      url: server.url('/health'),
      attempts: 6,
      intervalSeconds: 600,
      timeoutSeconds: 1,
    });

    await invoke(first, SHORT_INVOCATION_MS);
    await invoke(continued(first, codepipeline.success()[0]!.continuationToken!), SHORT_INVOCATION_MS);
    await invoke(continued(first, codepipeline.success()[1]!.continuationToken!), SHORT_INVOCATION_MS);

    expect(server.hits()).toBe(1);
    const [handedOver, ...waited] = tokens();
    expect(handedOver.state).toEqual({ attemptsDone: 1, nextAttemptAt: expect.any(Number) });
    expect(handedOver.state.nextAttemptAt).toBeGreaterThanOrEqual(hitTimes[0]! + 600_000);
    expect(waited.map((t) => t.state)).toEqual([handedOver.state, handedOver.state]);
    expect(codepipeline.failure()).toEqual([]);
  });

  it('hands over with the same state and says when the next attempt is due when the wait does not fit', async () => {
    const nextAttemptAt = Date.now() + 600_000;
    const event = resumedWith(
      { attemptsDone: 2, nextAttemptAt },
      { url: server.url('/health'), intervalSeconds: 600, timeoutSeconds: 1 },
    );

    await invoke(event, SHORT_INVOCATION_MS);

    expect(server.hits()).toBe(0);
    expect(tokens()).toEqual([{ v: 1, task: 'http-check', state: { attemptsDone: 2, nextAttemptAt } }]);
    expect(codepipeline.success()[0]?.executionDetails?.summary).toBe(
      `2 of 3 attempts done; attempt 3 due at ${new Date(nextAttemptAt).toISOString()}, continuing in the next invocation`,
    );
  });

  it('waits in the resumed invocation until nextAttemptAt when the wait fits, then attempts', async () => {
    status = 200;
    const nextAttemptAt = Date.now() + 1_500;
    const event = resumedWith(
      { attemptsDone: 2, nextAttemptAt },
      { url: server.url('/health'), intervalSeconds: 10 },
    );

    await invoke(event);

    expect(hitTimes).toHaveLength(1);
    expect(hitTimes[0]).toBeGreaterThanOrEqual(nextAttemptAt);
    expect(codepipeline.success()[0]?.executionDetails?.summary).toContain('(attempt 3 of 3)');
  });

  it('waits at most one interval for a nextAttemptAt further ahead (clock skew, an edited token)', async () => {
    status = 200;
    const event = resumedWith(
      { attemptsDone: 2, nextAttemptAt: Date.now() + 3_600_000 },
      { url: server.url('/health'), intervalSeconds: 1 },
    );
    const started = Date.now();

    await invoke(event);

    expect(server.hits()).toBe(1);
    expect(hitTimes[0]! - started).toBeLessThanOrEqual(1_000); // one interval on the fake clock
    expect(codepipeline.success()[0]?.outputVariables).toMatchObject({ HttpStatus: '200' });
  });

  it('attempts at once when a token has no nextAttemptAt (its wait was over when it was written)', async () => {
    const event = resumedWith({ attemptsDone: 2 }, { url: server.url('/health'), intervalSeconds: 600 });

    await invoke(event);

    expect(server.hits()).toBe(1);
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'HTTP check failed after 3 of 3 attempts',
    );
  });
});
