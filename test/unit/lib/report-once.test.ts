import { DeadlineExceededError } from '../../../functions/lib/errors';
import { remainingWorkMs } from '../../../functions/lib/invocation';
import { logger, metrics } from '../../../functions/lib/observability';
import { reportOnce, type ReportOnce } from '../../../functions/lib/report-once';

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
