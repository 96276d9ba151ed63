import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { PutJobFailureResultCommand, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { UnsupportedEventError } from '../../../functions/lib/errors';
import { logger, metrics } from '../../../functions/lib/observability';
import { handler } from '../../../functions/pipeline-action';
import { jobRuntime, runJob } from '../../../functions/pipeline-action/job/runtime';
import { taskRegistry } from '../../../functions/pipeline-action/tasks/registry';
import { defineTask } from '../../../functions/pipeline-action/tasks/task';
import { awsError } from '../../support/aws-error';
import { fakeContext, loadEvent, mockCodePipeline } from './support';

const okAlarms = {
  MetricAlarms: [
    { AlarmName: 'checkout-api-5xx', StateValue: 'OK' as const, StateReason: 'fine' },
    { AlarmName: 'checkout-api-latency-p99', StateValue: 'OK' as const, StateReason: 'fine' },
  ],
};

/** A runtime with one test task that returns whatever the test hands it. */
function runtimeReturning(outcome: unknown) {
  const task = defineTask({
    name: 'alarm-gate', // reuse a sample event's UserParameters
    description: 'test task',
    params: z.object({}).passthrough(),
    state: z.unknown(),
    run: async () => outcome as never,
  });
  return jobRuntime(new Map([[task.name, task]]));
}

describe('pipeline action job runtime', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
    cloudwatch = mockClient(CloudWatchClient);
  });

  it('reports success with executionDetails and output variables when the task succeeds', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(okAlarms);
    await handler(loadEvent('alarm-gate'), fakeContext());
    expect(codepipeline.success()).toEqual([
      {
        jobId: 'a1b2c3d4-0008-4e5f-8a9b-0c1d2e3f4a5b',
        executionDetails: { summary: '2 alarms checked, none in ALARM', percentComplete: 100 },
        outputVariables: { AlarmsChecked: '2' },
      },
    ]);
    expect(codepipeline.failure()).toEqual([]);
  });

  it('throws UnsupportedEventError and makes no AWS call when the event is not a CodePipeline job', async () => {
    await expect(handler(loadEvent('not-a-job-event') as never, fakeContext())).rejects.toThrow(
      UnsupportedEventError,
    );
    expect(codepipeline.mock.calls()).toHaveLength(0);
    expect(cloudwatch.calls()).toHaveLength(0);
  });

  it('reports a ConfigurationError quoting the JSON error when UserParameters is not valid JSON', async () => {
    await handler(loadEvent('user-parameters-bad-json'), fakeContext());
    const [failure] = codepipeline.failure();
    expect(failure?.failureDetails?.type).toBe('ConfigurationError');
    expect(failure?.failureDetails?.message).toMatch(/^UserParameters is not valid JSON \(.+\)$/);
  });

  it('reports a ConfigurationError naming the allowed tasks when the task is unknown', async () => {
    await handler(loadEvent('user-parameters-unknown-task'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'UserParameters.task "smoke-test" is not a known task: use one of http-check, change-calendar-gate, alarm-gate, load-parameters, run-automation',
    });
  });

  describe('task metric dimension (low cardinality: a registered task name or "unknown")', () => {
    let dimensions: Array<[string, string]>;
    beforeEach(() => {
      dimensions = [];
      const metric = {
        addDimension: (name: string, value: string) => dimensions.push([name, value]),
        addMetric: () => undefined,
      };
      jest.spyOn(metrics, 'singleMetric').mockReturnValue(metric as never);
    });
    afterEach(() => jest.restoreAllMocks());

    it.each([
      { event: 'user-parameters-unknown-task', task: 'unknown' },
      { event: 'user-parameters-bad-json', task: 'unknown' },
      { event: 'user-parameters-invalid', task: 'http-check' },
    ])('sets the task dimension to "$task" for the $event sample', async ({ event, task }) => {
      await handler(loadEvent(event), fakeContext());
      expect(dimensions).toEqual([['task', task]]);
    });

    it('uses the task of UserParameters, not the one a foreign continuation token names', async () => {
      const event = loadEvent('http-check');
      event['CodePipeline.job'].data.continuationToken = '{"v":1,"task":"smoke-test-42","state":{}}';
      await handler(event, fakeContext());
      expect(dimensions).toEqual([['task', 'http-check']]);
      expect(codepipeline.failure()[0]?.failureDetails?.type).toBe('ConfigurationError');
    });
  });

  it('reports a ConfigurationError naming each wrong field when parameters have the wrong types', async () => {
    await handler(loadEvent('user-parameters-invalid'), fakeContext());
    const message = codepipeline.failure()[0]?.failureDetails?.message;
    expect(message).toMatch(/UserParameters\.url: expected a URL, got text of 9 characters \(not shown\)/);
    expect(message).toMatch(/UserParameters\.attempts: expected a number, got "[^"]+"/);
    expect(codepipeline.failure()[0]?.failureDetails?.type).toBe('ConfigurationError');
  });

  it('runs a job delivered without the invoke event around it (as a custom action worker polls it)', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(okAlarms);
    const job = loadEvent('alarm-gate')['CodePipeline.job'];

    const result = await runJob(taskRegistry, { id: job.id, raw: job }, fakeContext());

    expect(result.kind).toBe('success');
    expect(codepipeline.success().map((input) => input.jobId)).toEqual([job.id]);
  });

  it('logs a configuration mistake once, as one WARN line without a stack trace', async () => {
    const lines = {
      error: jest.spyOn(logger, 'error'),
      warn: jest.spyOn(logger, 'warn'),
      info: jest.spyOn(logger, 'info'),
    };
    await handler(loadEvent('user-parameters-invalid'), fakeContext());
    expect(lines.error).not.toHaveBeenCalled();
    expect(lines.info).not.toHaveBeenCalled();
    expect(lines.warn).toHaveBeenCalledTimes(1);
    const [line, extra] = lines.warn.mock.calls[0]!;
    expect(line).toMatch(
      /^Reported ConfigurationError: Task http-check: .*UserParameters\.url: expected a URL, got /,
    );
    expect(JSON.stringify(extra)).not.toMatch(/stack| {4}at /);
  });

  it('keeps the stack trace of an unexpected error', async () => {
    const error = jest.spyOn(logger, 'error');
    const run = jobRuntime(
      new Map([
        [
          'alarm-gate',
          defineTask({
            name: 'alarm-gate',
            description: 'test task',
            params: z.object({}).passthrough(),
            state: z.unknown(),
            run: async () => {
              throw new TypeError('Cannot read properties of undefined');
            },
          }),
        ],
      ]),
    );
    await run(loadEvent('alarm-gate'), fakeContext());
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('TypeError: Cannot read properties of undefined'),
      { error: expect.any(TypeError) },
    );
  });

  it('reports a ConfigurationError naming the quota when UserParameters is longer than 1000 characters', async () => {
    const event = loadEvent('alarm-gate');
    event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = JSON.stringify({
      task: 'alarm-gate',
      alarms: ['x'.repeat(1_000)],
    });
    await handler(event, fakeContext());
    const [failure] = codepipeline.failure();
    expect(failure?.failureDetails?.type).toBe('ConfigurationError');
    expect(failure?.failureDetails?.message).toContain(
      'UserParameters: expected at most 1000 characters (a CodePipeline quota)',
    );
  });

  it('treats InvalidJobStateException as already reported (duplicate delivery) and does not throw', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(okAlarms);
    codepipeline.mock
      .on(PutJobSuccessResultCommand)
      .rejects(awsError('InvalidJobStateException', 'Job is not in a state that accepts a result'));
    const result = await handler(loadEvent('alarm-gate-duplicate-delivery'), fakeContext());
    expect(result.kind).toBe('success');
    expect(codepipeline.mock.commandCalls(PutJobSuccessResultCommand)).toHaveLength(1);
  });

  it('does not throw into useless retries when CodePipeline does not know the job (JobNotFoundException)', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(okAlarms);
    codepipeline.mock
      .on(PutJobSuccessResultCommand)
      .rejects(
        awsError('JobNotFoundException', 'The job was specified in an invalid format or cannot be found'),
      );
    const result = await handler(loadEvent('alarm-gate'), fakeContext());
    expect(result.kind).toBe('success');
    expect(codepipeline.mock.commandCalls(PutJobSuccessResultCommand)).toHaveLength(1);
  });

  it('fails the invocation (so Lambda retries) when the result cannot be reported after the SDK retries', async () => {
    codepipeline.mock
      .on(PutJobFailureResultCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(handler(loadEvent('user-parameters-unknown-task'), fakeContext())).rejects.toThrow(
      'Rate exceeded',
    );
  });

  it('reports failure before the Lambda deadline when the task runs out of time', async () => {
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '1000';
    const context = fakeContext(1_500);
    let remainingAtReport = -1;
    codepipeline.mock.on(PutJobFailureResultCommand).callsFake(() => {
      remainingAtReport = context.getRemainingTimeInMillis();
      return {};
    });
    await runtimeReturning(new Promise(() => undefined))(loadEvent('alarm-gate'), context); // never ends
    const failure = codepipeline.failure()[0]?.failureDetails;
    expect(failure?.type).toBe('JobFailed');
    expect(failure?.message).toMatch(
      /^Task alarm-gate: ran out of time in this invocation .*Raise the function's Timeout/,
    );
    expect(remainingAtReport).toBeGreaterThan(0);
  });

  it('truncates a failure message to the 5000 characters CodePipeline accepts', async () => {
    await runtimeReturning({ status: 'failed', message: 'x'.repeat(6000) })(
      loadEvent('alarm-gate'),
      fakeContext(),
    );
    const message = codepipeline.failure()[0]?.failureDetails?.message ?? '';
    expect(message).toHaveLength(5000);
    expect(message.endsWith('…')).toBe(true);
  });

  it('reports failure instead of sending a continuation token over 2048 characters', async () => {
    const outcome = { status: 'inProgress', state: { big: 'y'.repeat(2100) }, summary: 'working' };
    await runtimeReturning(outcome)(loadEvent('alarm-gate'), fakeContext());
    expect(codepipeline.success()).toEqual([]);
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'a continuation token holds at most 2048',
    );
  });

  it('sends the state as a versioned continuation token with progress when the task is in progress', async () => {
    const outcome = {
      status: 'inProgress',
      state: { step: 2 },
      summary: 'step 2 of 4',
      percentComplete: 50.4,
    };
    await runtimeReturning(outcome)(loadEvent('alarm-gate'), fakeContext());
    expect(codepipeline.success()[0]).toEqual({
      jobId: 'a1b2c3d4-0008-4e5f-8a9b-0c1d2e3f4a5b',
      executionDetails: { summary: 'step 2 of 4', percentComplete: 50 },
      continuationToken: '{"v":1,"task":"alarm-gate","state":{"step":2}}',
    });
  });

  it('reports failure when output variables break the key pattern or the size limit', async () => {
    const outcome = {
      status: 'succeeded',
      summary: 'done',
      outputVariables: { 'bad key': 'x', Big: 'z'.repeat(122_880) },
    };
    await runtimeReturning(outcome)(loadEvent('alarm-gate'), fakeContext());
    const message = codepipeline.failure()[0]?.failureDetails?.message;
    expect(message).toContain('output variable key "bad key" is not allowed');
    expect(message).toContain(
      "output variables total 122891 bytes, over CodePipeline's limit of 122880 bytes (largest: Big (122883 bytes)",
    );
  });

  it('rejects a continuation token written for another task', async () => {
    const event = loadEvent('http-check-continuation-resume');
    event['CodePipeline.job'].data.continuationToken = '{"v":1,"task":"alarm-gate","state":{}}';
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'Task http-check: The continuation token belongs to task "alarm-gate", but UserParameters asks for "http-check"',
    });
  });

  it('rejects a tampered continuation token whose state does not match the task', async () => {
    const event = loadEvent('http-check-continuation-resume');
    event['CodePipeline.job'].data.continuationToken =
      '{"v":1,"task":"http-check","state":{"attemptsDone":"2"}}';
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toBe(
      'Task http-check: The continuation token of task "http-check" holds an invalid state: state.attemptsDone: expected a number',
    );
  });

  it('reports a PermissionError naming the denied action and the role, logged once without a stack', async () => {
    const denied = awsError(
      'AccessDenied',
      'User is not authorized to perform: cloudwatch:DescribeAlarms',
      403,
    );
    Object.defineProperty(denied, 'awsCall', { value: 'cloudwatch:DescribeAlarms' }); // as awsClient names it
    cloudwatch.on(DescribeAlarmsCommand).rejects(denied);
    const error = jest.spyOn(logger, 'error');

    await handler(loadEvent('alarm-gate'), fakeContext());

    const failure = codepipeline.failure()[0]?.failureDetails;
    expect(failure?.type).toBe('PermissionError');
    expect(failure?.message).toMatch(
      /^Task alarm-gate: AWS denied cloudwatch:DescribeAlarms \(AccessDenied: .*\): allow cloudwatch:DescribeAlarms in the role of PipelineActionFunction \(template\.yaml\)/,
    );
    expect(error).not.toHaveBeenCalled();
  });

  it('reports SystemUnavailable when AWS keeps throttling after the SDK retries', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await handler(loadEvent('alarm-gate'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.type).toBe('SystemUnavailable');
  });
});
