import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { AcknowledgeJobCommand, PollForJobsCommand } from '@aws-sdk/client-codepipeline';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError, UnsupportedEventError } from '../../../functions/lib/errors';
import { actionTypeRegistry } from '../../../functions/job-worker/action-types/registry';
import { jobWorker } from '../../../functions/job-worker/worker';
import { awsError } from '../../support/aws-error';
import { readEvent } from '../../support/samples';
import { PREFIX, fakeContext, jobOf, mockJobs } from './support';

const worker = jobWorker(actionTypeRegistry);
const started = (name: string) => readEvent(`job-worker/${name}-started.json`);
const sweep = () => readEvent('job-worker/sweep.json');

type ActionEvent = { detail: { state: string; type: Record<string, string> } };
/** An action event with some `detail` fields changed. */
const withDetail = (event: unknown, changes: Partial<ActionEvent['detail']>) => {
  const copy = structuredClone(event) as ActionEvent;
  return { ...copy, detail: { ...copy.detail, ...changes } };
};
/** An action event with some fields of its action type changed. */
const withType = (event: unknown, changes: Record<string, string>) =>
  withDetail(event, { type: { ...(event as ActionEvent).detail.type, ...changes } });
const alarms = {
  MetricAlarms: [
    { AlarmName: 'checkout-api-5xx', StateValue: 'OK' as const, StateReason: 'fine' },
    { AlarmName: 'checkout-db-cpu', StateValue: 'OK' as const, StateReason: 'fine' },
  ],
};

describe('job worker', () => {
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    process.env.PIPEWRIGHT_ACTION_PROVIDER_PREFIX = PREFIX;
    cloudwatch = mockClient(CloudWatchClient);
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms);
  });

  it('polls the type of the action that started, acknowledges the job with its nonce before any work, and reports its result', async () => {
    const job = jobOf('AlarmGate');
    const codepipeline = mockJobs({ AlarmGate: [job] });

    const summary = await worker(started('alarm-gate'), fakeContext());

    expect(codepipeline.polled()).toEqual([
      {
        actionTypeId: { category: 'Invoke', owner: 'Custom', provider: `${PREFIX}AlarmGate`, version: '1' },
        maxBatchSize: 5,
      },
    ]);
    expect(codepipeline.acknowledged()).toEqual([{ jobId: job.id, nonce: job.nonce }]);
    const ack = codepipeline.mock.commandCalls(AcknowledgeJobCommand)[0]!;
    expect(ack.calledBefore(cloudwatch.commandCalls(DescribeAlarmsCommand)[0]!)).toBe(true);
    expect(codepipeline.success()).toEqual([
      {
        jobId: job.id,
        executionDetails: {
          summary: '2 alarms checked, none in ALARM',
          percentComplete: 100,
          externalExecutionId: job.id, // the types' ExecutionUrlTemplate finds the job's log lines with it
        },
        outputVariables: { AlarmsChecked: '2' },
      },
    ]);
    expect(summary).toEqual({
      trigger: 'action-started',
      ran: [{ jobId: job.id, provider: `${PREFIX}AlarmGate`, result: 'success' }],
      leftToOthers: [],
    });
  });

  it.each([
    ['an action of another owner', started('other-owner'), 'not-custom'],
    ['an action of a type another stage declares', started('other-stage-type'), 'undeclared-type'],
    [
      'an action of a declared provider in another version',
      withType(started('alarm-gate'), { version: '2' }),
      'undeclared-type',
    ],
    ['an action that did not start', withDetail(started('alarm-gate'), { state: 'FAILED' }), 'not-started'],
  ])('polls nothing for %s', async (_case, event, skipped) => {
    const codepipeline = mockJobs();

    const summary = await worker(event, fakeContext());

    expect(summary).toMatchObject({ skipped, ran: [] });
    expect(codepipeline.mock.calls()).toHaveLength(0);
  });

  it('polls every declared type, and only those, on the schedule sweep', async () => {
    const codepipeline = mockJobs();

    await worker(sweep(), fakeContext());

    expect(
      codepipeline
        .polled()
        .map((input) => input.actionTypeId)
        .sort((a, b) => a!.provider!.localeCompare(b!.provider!)),
    ).toEqual(
      ['AlarmGate', 'ChangeCalendarGate', 'HttpCheck', 'LoadParameters', 'RunAutomation'].map((task) => ({
        category: 'Invoke',
        owner: 'Custom',
        provider: `${PREFIX}${task}`,
        version: '1',
      })),
    );
  });

  it('polls the version the stack declares (PIPEWRIGHT_ACTION_VERSION)', async () => {
    process.env.PIPEWRIGHT_ACTION_VERSION = '7';
    const codepipeline = mockJobs();

    await worker(withType(started('alarm-gate'), { version: '7' }), fakeContext());

    expect(codepipeline.polled()[0]?.actionTypeId?.version).toBe('7');
  });

  it.each([
    ['another worker acknowledged it first', awsError('InvalidNonceException', 'Job claimed')],
    ['the job is gone', awsError('JobNotFoundException', 'No such job')],
  ])('leaves a job alone, silently, when %s: no work, no result, no error', async (_case, answer) => {
    const job = jobOf('AlarmGate');
    const codepipeline = mockJobs({ AlarmGate: [job] });
    codepipeline.mock.on(AcknowledgeJobCommand).rejects(answer);

    const summary = await worker(started('alarm-gate'), fakeContext());

    expect(summary.leftToOthers).toEqual([
      { jobId: job.id, reason: `AcknowledgeJob answered ${answer.name}` },
    ]);
    expect(cloudwatch.calls()).toHaveLength(0);
    expect([...codepipeline.success(), ...codepipeline.failure()]).toEqual([]);
  });

  it('leaves a job alone when the acknowledge answers a status other than InProgress', async () => {
    const codepipeline = mockJobs({ AlarmGate: [jobOf('AlarmGate')] });
    codepipeline.mock.on(AcknowledgeJobCommand).resolves({ status: 'Succeeded' });

    const summary = await worker(started('alarm-gate'), fakeContext());

    expect(summary.leftToOthers[0]?.reason).toBe('AcknowledgeJob answered Succeeded');
    expect(cloudwatch.calls()).toHaveLength(0);
  });

  it('runs the jobs of one poll concurrently, each reporting its own result', async () => {
    const first = jobOf('AlarmGate', { id: 'b7e1c2d3-0101-4e5f-8a9b-0c1d2e3f4a5b' }, 'nonce-1');
    const second = jobOf('AlarmGate', { id: 'b7e1c2d3-0102-4e5f-8a9b-0c1d2e3f4a5b' }, 'nonce-2');
    const codepipeline = mockJobs({ AlarmGate: [first, second] });
    let inFlight = 0;
    let most = 0;
    cloudwatch.on(DescribeAlarmsCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight--;
      return alarms;
    });

    await worker(started('alarm-gate'), fakeContext());

    expect(most).toBe(2);
    expect(
      codepipeline
        .success()
        .map((result) => result.jobId)
        .sort(),
    ).toEqual([first.id, second.id]);
  });

  it('hands a job over unstarted, through a continuation token, when too little time is left to start it', async () => {
    const job = jobOf('AlarmGate');
    const codepipeline = mockJobs({ AlarmGate: [job] });

    await worker(started('alarm-gate'), fakeContext(12_000)); // 2 s of work left after the 10 s reserve

    expect(cloudwatch.calls()).toHaveLength(0);
    expect(codepipeline.success()).toEqual([
      expect.objectContaining({ jobId: job.id, continuationToken: '{"v":1,"task":"alarm-gate"}' }),
    ]);
  });

  it('runs a job handed over unstarted from the beginning', async () => {
    const job = jobOf('AlarmGate', { continuationToken: '{"v":1,"task":"alarm-gate"}' });
    const codepipeline = mockJobs({ AlarmGate: [job] });

    await worker(started('alarm-gate'), fakeContext());

    expect(cloudwatch.calls()).toHaveLength(1);
    expect(codepipeline.success()[0]?.executionDetails?.summary).toBe('2 alarms checked, none in ALARM');
  });

  it('keeps the state of a continuation it hands over unstarted', async () => {
    const continuationToken = '{"v":1,"task":"change-calendar-gate","state":{"waitUntil":4102444800000}}';
    const codepipeline = mockJobs({
      ChangeCalendarGate: [jobOf('ChangeCalendarGate', { continuationToken })],
    });

    await worker(started('change-calendar-gate'), fakeContext(12_000));

    expect(codepipeline.success()[0]?.continuationToken).toBe(continuationToken);
  });

  it('reports a ConfigurationError naming the required properties the action lacks', async () => {
    const codepipeline = mockJobs({
      LoadParameters: [jobOf('LoadParameters', { configuration: { recursive: 'true' } })],
    });

    await worker(started('load-parameters'), fakeContext());

    expect(codepipeline.failure()[0]?.failureDetails).toMatchObject({
      type: 'ConfigurationError',
      message:
        "Task load-parameters: The action's configuration is missing the required property path: set it in the pipeline's action",
    });
  });

  it('names its own role in a PermissionError (JobWorkerFunction)', async () => {
    const codepipeline = mockJobs({ AlarmGate: [jobOf('AlarmGate')] });
    cloudwatch.on(DescribeAlarmsCommand).rejects(awsError('AccessDenied', 'not authorized', 403));

    await worker(started('alarm-gate'), fakeContext());

    expect(codepipeline.failure()[0]?.failureDetails?.message).toMatch(
      /allow it in the role of JobWorkerFunction \(template\.yaml\)/,
    );
  });

  it('fails the invocation once the other types are served, when a poll fails for good', async () => {
    const codepipeline = mockJobs({ AlarmGate: [jobOf('AlarmGate')] });
    codepipeline.mock
      .on(PollForJobsCommand, { actionTypeId: { provider: `${PREFIX}HttpCheck` } as never })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));

    await expect(worker(sweep(), fakeContext())).rejects.toThrow(
      `PollForJobs for ${PREFIX}HttpCheck failed: ThrottlingException: Rate exceeded`,
    );
    expect(codepipeline.success()).toHaveLength(1); // the alarm gate's job was run and reported
  });

  it('fails the invocation, without running the job, when an acknowledge fails for another reason than a race', async () => {
    const job = jobOf('AlarmGate');
    const codepipeline = mockJobs({ AlarmGate: [job] });
    codepipeline.mock.on(AcknowledgeJobCommand).rejects(awsError('AccessDeniedException', 'denied', 400));

    await expect(worker(started('alarm-gate'), fakeContext())).rejects.toThrow(
      `AcknowledgeJob of job ${job.id} failed: AccessDeniedException: denied`,
    );
    expect(cloudwatch.calls()).toHaveLength(0);
  });

  it('throws UnsupportedEventError, with no AWS call, for an event that is neither an action event nor the sweep', async () => {
    const codepipeline = mockJobs();

    await expect(worker(readEvent('job-worker/not-a-worker-event.json'), fakeContext())).rejects.toThrow(
      UnsupportedEventError,
    );
    expect(codepipeline.mock.calls()).toHaveLength(0);
  });

  it('throws a ConfigurationError naming the variable when the provider prefix is not set', async () => {
    delete process.env.PIPEWRIGHT_ACTION_PROVIDER_PREFIX;
    const codepipeline = mockJobs();

    await expect(worker(sweep(), fakeContext())).rejects.toThrow(ConfigurationError);
    await expect(worker(sweep(), fakeContext())).rejects.toThrow(/PIPEWRIGHT_ACTION_PROVIDER_PREFIX/);
    expect(codepipeline.mock.calls()).toHaveLength(0);
  });
});
