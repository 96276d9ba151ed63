import { LOCAL_ARTIFACT_CREDENTIALS } from '../../local/endpoint/codepipeline-jobs';
import type { CallRecord } from '../../local/endpoint/world';
import type { StateJob } from '../../local/endpoint/state-schema';
import { readState } from '../support/samples';
import { callOutcomes, invokeBundle, openEndpoint, readEvent } from './harness';

const FN = 'JobWorkerFunction';
const ALARM_JOB = 'b7e1c2d3-0003-4e5f-8a9b-0c1d2e3f4a5b';
const RACED_JOB = 'b7e1c2d3-0004-4e5f-8a9b-0c1d2e3f4a5b';

/** Resolves once `condition` holds (checked every 20 ms), or rejects after 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > 10_000) throw new Error('condition not reached in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The accepted results of each job, by job id. */
function resultsByJob(calls: CallRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    if (!/^PutJob(Success|Failure)Result$/.test(call.operation) || call.outcome !== 'ok') continue;
    const jobId = /jobId: "([^"]+)"/.exec(call.input)?.[1] ?? '?';
    counts[jobId] = (counts[jobId] ?? 0) + 1;
  }
  return counts;
}

describe('JobWorkerFunction bundle (loopback endpoint, real SDK wire)', () => {
  it('polls the started type, acknowledges before any work, runs the job and reports it; a job another worker acknowledged is left alone', async () => {
    const run = await invokeBundle(FN, readEvent('job-worker/alarm-gate-started.json'));

    expect(run.error).toBeUndefined();
    const outcomes = callOutcomes(run);
    expect([outcomes[0], ...outcomes.slice(1, 3).sort(), ...outcomes.slice(3)]).toEqual([
      'PollForJobs ok',
      'AcknowledgeJob InvalidNonceException', // the job another worker acknowledged first (seeded)
      'AcknowledgeJob ok',
      'DescribeAlarms ok',
      'PutJobFailureResult ok',
    ]);
    expect(run.calls[0]?.input).toContain('provider: "Pipewright-dev-AlarmGate"');
    expect(run.calls[4]?.detail).toMatch(
      /^JobFailed: Task alarm-gate: 1 of 2 alarms in ALARM: checkout-db-cpu/,
    );
    expect(run.result).toMatchObject({ leftToOthers: [{ jobId: RACED_JOB }] });
  });

  it('reads an input artifact with the credentials of the job, and polls with those of its role', async () => {
    const run = await invokeBundle(FN, readEvent('job-worker/http-check-started.json'));

    const [poll, , read] = run.calls;
    expect(read?.operation).toBe('GetObject');
    expect(read?.accessKeyId).toBe(LOCAL_ARTIFACT_CREDENTIALS.accessKeyId);
    expect(poll?.accessKeyId).not.toBe(LOCAL_ARTIFACT_CREDENTIALS.accessKeyId);
  });

  it('never runs a job twice when the event and the sweep are handed it: the acknowledge decides', async () => {
    const { jobs } = readState<{ codepipeline: { jobs: StateJob[] } }>('job-worker').codepipeline;
    const job = jobs.find((seed) => seed.id === ALARM_JOB)!;
    // One job; the first acknowledge is answered late, while the other worker polls the job still waiting.
    const endpoint = await openEndpoint({
      emptyBaseState: true,
      state: {
        codepipeline: { jobs: [job] },
        cloudwatch: { alarms: [{ name: 'checkout-api-5xx' }, { name: 'checkout-db-cpu' }] },
        faults: [{ operation: 'codepipeline:AcknowledgeJob', delayMs: 3_000, times: 1 }],
      },
    });
    try {
      const event = invokeBundle(FN, readEvent('job-worker/alarm-gate-started.json'), { endpoint });
      await until(() => endpoint.calls.some((call) => call.operation === 'PollForJobs'));
      const sweep = invokeBundle(FN, readEvent('job-worker/sweep.json'), { endpoint });
      const runs = await Promise.all([event, sweep]);

      expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
      const acks = endpoint.calls.filter((call) => call.operation === 'AcknowledgeJob');
      expect(acks.map((call) => call.outcome).sort()).toEqual(['InvalidNonceException', 'ok']);
      expect(resultsByJob(endpoint.calls)).toEqual({ [ALARM_JOB]: 1 });
      expect(endpoint.calls.filter((call) => call.operation === 'DescribeAlarms')).toHaveLength(1);
    } finally {
      await endpoint.close();
    }
  }, 60_000);

  it('hands a job it has no time to start over with a continuation token, which the next sweep runs', async () => {
    const endpoint = await openEndpoint();
    try {
      const late = await invokeBundle(FN, readEvent('job-worker/load-parameters-started.json'), {
        endpoint,
        timeoutSeconds: 12, // 2 s of work after the 10 s reserve: too little to start a task
      });
      const sweep = await invokeBundle(FN, readEvent('job-worker/sweep.json'), { endpoint });

      expect(callOutcomes(late)).toEqual(['PollForJobs ok', 'AcknowledgeJob ok', 'PutJobSuccessResult ok']);
      expect(late.calls[2]?.detail).toBe('continues (continuation token)');
      const resumed = sweep.calls.filter((c) => c.operation === 'GetParametersByPath');
      expect(resumed).toHaveLength(1);
      expect(sweep.error).toBeUndefined();
    } finally {
      await endpoint.close();
    }
  }, 60_000);

  it('fails the invocation, so the failure queue and the alarm see it, when polling is denied', async () => {
    const faults = [{ operation: 'codepipeline:PollForJobs', error: 'AccessDeniedException' }];

    const run = await invokeBundle(FN, readEvent('job-worker/load-parameters-started.json'), {
      state: { faults },
    });

    expect(run.error?.errorMessage).toMatch(
      /^PollForJobs for Pipewright-dev-LoadParameters failed: AccessDeniedException/,
    );
    expect(callOutcomes(run)).toEqual(['PollForJobs AccessDeniedException']);
  });
});
