import { CodePipelineClient, PutJobFailureResultCommand } from '@aws-sdk/client-codepipeline';
import { awsClient } from '../../../functions/lib/clients';
import { DeadlineExceededError } from '../../../functions/lib/errors';
import { currentScope, remainingWorkMs } from '../../../functions/lib/invocation';
import { logger, metrics } from '../../../functions/lib/observability';
import { reportOnce, type ReportOnce } from '../../../functions/lib/report-once';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';

type Result = { ok: boolean; why?: string };

function contextWith(remainingMs: number) {
  return { getRemainingTimeInMillis: () => remainingMs };
}

function contract(overrides: Partial<ReportOnce<Result>> = {}) {
  const reported: Result[] = [];
  const base: ReportOnce<Result> = {
    subject: 'job test-1',
    work: async () => ({ ok: true }),
    failure: (error) => ({ ok: false, why: (error as Error).name }),
    report: async (result) => {
      reported.push(result);
      return result;
    },
    isAlreadyReported: (error) => (error as Error).name === 'AlreadyDone',
    ...overrides,
  };
  return { base, reported };
}

function named(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

describe('reportOnce', () => {
  it('reports the work result when the work succeeds and reporting succeeds', async () => {
    const { base, reported } = contract();
    await expect(reportOnce(contextWith(60_000), base)).resolves.toEqual({ ok: true });
    expect(reported).toEqual([{ ok: true }]);
  });

  it('reports the failure result when the work throws and reporting succeeds', async () => {
    const { base, reported } = contract({ work: async () => Promise.reject(named('Boom')) });
    await expect(reportOnce(contextWith(60_000), base)).resolves.toEqual({ ok: false, why: 'Boom' });
    expect(reported).toEqual([{ ok: false, why: 'Boom' }]);
  });

  it('throws so Lambda retries when the work succeeds but the result cannot be reported', async () => {
    const { base } = contract({ report: async () => Promise.reject(named('ServiceUnavailable')) });
    await expect(reportOnce(contextWith(60_000), base)).rejects.toThrow('ServiceUnavailable');
  });

  it('throws so Lambda retries when the work fails and the failure cannot be reported', async () => {
    const { base } = contract({
      work: async () => Promise.reject(named('Boom')),
      report: async () => Promise.reject(named('ServiceUnavailable')),
    });
    await expect(reportOnce(contextWith(60_000), base)).rejects.toThrow('ServiceUnavailable');
  });

  it('returns what the report actually delivered (a fallback result, not the work result)', async () => {
    const { base } = contract({ report: async () => ({ ok: false, why: 'Rejected' }) });
    await expect(reportOnce(contextWith(60_000), base)).resolves.toEqual({ ok: false, why: 'Rejected' });
  });

  it('treats an "already reported" answer as done (duplicate delivery)', async () => {
    const { base } = contract({ report: async () => Promise.reject(named('AlreadyDone')) });
    await expect(reportOnce(contextWith(60_000), base)).resolves.toEqual({ ok: true });
  });

  it('ends without an error, logging and counting it, when the result cannot be reported (isUnreportable)', async () => {
    const error = jest.spyOn(logger, 'error');
    const counted = jest.spyOn(metrics, 'addMetric');
    const { base } = contract({
      report: async () => Promise.reject(named('Gone')),
      isUnreportable: (e) => (e as Error).name === 'Gone',
    });
    await expect(reportOnce(contextWith(60_000), base)).resolves.toEqual({ ok: true });
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(/^The result of job test-1 cannot be reported \(Gone: Gone\)/),
      expect.anything(),
    );
    expect(counted).toHaveBeenCalledWith('ResultUnreportable', 'Count', 1);
  });

  it('still throws when isUnreportable does not recognise the reporting error', async () => {
    const { base } = contract({
      report: async () => Promise.reject(named('ServiceUnavailable')),
      isUnreportable: (e) => (e as Error).name === 'Gone',
    });
    await expect(reportOnce(contextWith(60_000), base)).rejects.toThrow('ServiceUnavailable');
  });

  describe('on a fake clock', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('reports a deadline failure before the Lambda deadline when the work hangs', async () => {
      const started = Date.now();
      const deadline = started + 3_000; // the Lambda deadline of the fake context
      const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
      let reportedAt = Number.NaN;
      const { base, reported } = contract({ work: () => new Promise<Result>(() => undefined) });
      const recordingReport = async (result: Result) => {
        reportedAt = Date.now();
        return base.report(result);
      };
      let settled = false;
      const running = reportOnce(context, { ...base, report: recordingReport }, { reserveMs: 2_500 });
      void running.then(() => (settled = true));

      await jest.advanceTimersByTimeAsync(499);
      expect(reported).toEqual([]); // the 500 ms work budget is not over yet
      await jest.advanceTimersByTimeAsync(1);

      expect(settled).toBe(true); // without any further tick of the clock
      await expect(running).resolves.toEqual({ ok: false, why: DeadlineExceededError.name });
      expect(reported).toEqual([{ ok: false, why: DeadlineExceededError.name }]);
      expect(reportedAt - started).toBe(500); // the budget: remaining time minus the reserve
      expect(reportedAt).toBeLessThan(deadline);
    });
  });

  describe('reporting within the reserve, on a fake clock', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('throws before the Lambda deadline when the report does not finish in time (never reports after it)', async () => {
      const deadline = Date.now() + 15_000; // the Lambda deadline of the fake context
      const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
      let reportSignal: AbortSignal | undefined;
      let delivered = false;
      const { base } = contract({
        // A call that would answer only after 14.5 s and, like an SDK send, stops when its signal aborts.
        report: (result) => {
          const signal = currentScope()!.signal;
          reportSignal = signal;
          return new Promise<Result>((resolve, reject) => {
            const timer = setTimeout(() => {
              delivered = true;
              resolve(result);
            }, 14_500);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          });
        },
      });
      let failedAt = Number.NaN;
      const outcome = reportOnce(context, base).catch((error: unknown) => {
        failedAt = Date.now();
        return error;
      });

      await jest.advanceTimersByTimeAsync(15_000);

      expect(await outcome).toBeInstanceOf(DeadlineExceededError);
      expect(failedAt).toBeLessThan(deadline); // thrown while Lambda still runs the invocation
      expect(reportSignal?.aborted).toBe(true); // every SDK call of the report was cancelled
      expect(delivered).toBe(false);
    });

    it('reports when the answer comes inside the reserve', async () => {
      const deadline = Date.now() + 15_000;
      const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
      const { base } = contract({
        report: (result) => new Promise<Result>((resolve) => setTimeout(() => resolve(result), 13_000)),
      });
      const running = reportOnce(context, base);
      await jest.advanceTimersByTimeAsync(13_000);
      await expect(running).resolves.toEqual({ ok: true });
    });
  });

  describe('over the real SDK wire to a slow endpoint', () => {
    let slow: LoopbackServer;
    let closed = 0;
    beforeAll(async () => {
      // Answers PutJobFailureResult, but only after 14 s.
      slow = await startLoopbackServer((_, res) => {
        const timer = setTimeout(() => res.writeHead(200).end('{}'), 14_000);
        res.on('close', () => {
          clearTimeout(timer);
          closed += 1;
        });
      });
    });
    afterAll(() => slow.close());

    it('aborts the report call when the time left runs out and fails the invocation', async () => {
      process.env.AWS_ENDPOINT_URL = slow.url();
      const codepipeline = awsClient(CodePipelineClient);
      const deadline = Date.now() + 5_000; // simulated: 5 s left when reporting starts
      const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
      const { base } = contract({
        report: async (result) => {
          await codepipeline.send(
            new PutJobFailureResultCommand({
              jobId: '11111111-2222-3333-4444-555555555555',
              failureDetails: { type: 'JobFailed', message: 'x' },
            }),
          );
          return result;
        },
      });

      await expect(reportOnce(context, base)).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(slow.hits()).toBeGreaterThan(0); // the call was made …
      for (let i = 0; i < 40 && closed < slow.hits(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(closed).toBe(slow.hits()); // … and every attempt's connection was torn down by the abort
    });
  });

  it('reads the reserve from PIPEWRIGHT_REPORT_RESERVE_MS', async () => {
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '59950';
    let budget = Number.NaN;
    const { base } = contract({
      work: async () => {
        budget = remainingWorkMs();
        return { ok: true };
      },
    });
    await reportOnce(contextWith(60_000), base);
    expect(budget).toBeLessThanOrEqual(50); // 60 s left minus the 59.95 s reserve
  });
});
