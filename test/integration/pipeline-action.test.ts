import { callOutcomes, invokeBundle, readEvent } from './harness';

const FN = 'PipelineActionFunction';

describe('PipelineActionFunction bundle (loopback endpoint, real SDK wire)', () => {
  it('reports success to CodePipeline when the alarm gate finds no alarm firing', async () => {
    const run = await invokeBundle(FN, readEvent('pipeline-action/alarm-gate.json'));

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toEqual(['DescribeAlarms ok', 'PutJobSuccessResult ok']);
  });

  it('reports failure to CodePipeline when CloudWatch answers AccessDenied', async () => {
    const faults = [{ operation: 'cloudwatch:DescribeAlarms', error: 'AccessDenied', status: 403 }];

    const run = await invokeBundle(FN, readEvent('pipeline-action/alarm-gate.json'), { state: { faults } });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toEqual(['DescribeAlarms AccessDenied', 'PutJobFailureResult ok']);
    expect(run.calls[1]?.detail).toMatch(
      /^PermissionError: Task alarm-gate: AWS denied cloudwatch:DescribeAlarms \(AccessDenied: .*\): allow cloudwatch:DescribeAlarms in the role of PipelineActionFunction/,
    );
  });

  it('treats InvalidJobStateException on a duplicate delivery as already reported', async () => {
    const run = await invokeBundle(FN, readEvent('pipeline-action/alarm-gate-duplicate-delivery.json'));

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toContain('PutJobSuccessResult InvalidJobStateException');
  });

  it('fails the invocation (so Lambda retries) when the result cannot be reported', async () => {
    const faults = [
      { operation: 'codepipeline:PutJobSuccessResult', error: 'InternalServerError', status: 500 },
    ];

    const run = await invokeBundle(FN, readEvent('pipeline-action/alarm-gate.json'), {
      state: { faults },
      env: { AWS_MAX_ATTEMPTS: '2' },
    });

    expect(run.error?.errorType).toBe('InternalServerError');
    expect(callOutcomes(run).filter((c) => c === 'PutJobSuccessResult InternalServerError')).toHaveLength(2);
  });

  it('fails the invocation without any AWS call when the event is not a CodePipeline job', async () => {
    const run = await invokeBundle(FN, readEvent('pipeline-action/not-a-job-event.json'));

    expect(run.error?.errorType).toBe('UnsupportedEventError');
    expect(run.error?.errorMessage).toMatch(/expected an event with "CodePipeline.job"/);
    expect(run.calls).toEqual([]);
  });

  it('never prints a SecureString value in its logs or call records', async () => {
    const run = await invokeBundle(
      FN,
      readEvent('pipeline-action/load-parameters-secure-string-skipped.json'),
      {
        env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
      },
    );

    expect(run.error).toBeUndefined();
    const printed = [...run.logs, ...run.calls.map((c) => `${c.input} ${c.detail}`)].join('\n');
    expect(printed).not.toContain('fake-staging-password');
  });
});
