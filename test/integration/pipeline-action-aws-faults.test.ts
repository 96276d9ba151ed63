import { callOutcomes, invokeBundle } from './harness';
import { FN, acceptedResults, jobEvent } from './pipeline-action-support';

/**
 * Answers the SDK retries (the template sets AWS_MAX_ATTEMPTS=5, AWS_RETRY_MODE=adaptive). One faulty
 * answer each: adaptive mode slows the client down after a throttle, so more would only slow the tests.
 */
const retried = [
  { error: 'ThrottlingException', status: 400 },
  { error: 'InternalServerError', status: 500 },
  { error: 'ServiceUnavailable', status: 503 },
];

const deniedMessage =
  'User: arn:aws:sts::123456789012:assumed-role/pipewright-dev-PipelineActionFunctionRole/pipewright-dev-PipelineActionFunction is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/checkout/prod because no identity-based policy allows the ssm:GetParametersByPath action';

describe('PipelineActionFunction bundle under AWS faults (loopback endpoint, real SDK retries)', () => {
  it.each(retried)(
    "retries $error ($status) answers to the task's call and reports exactly one success",
    async ({ error, status }) => {
      const faults = [{ operation: 'ssm:GetParametersByPath', error, status, times: 1 }];

      const run = await invokeBundle(FN, jobEvent('load-parameters.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toEqual([
        `GetParametersByPath ${error}`,
        'GetParametersByPath ok',
        'PutJobSuccessResult ok',
      ]);
      expect(acceptedResults(run)).toHaveLength(1);
    },
  );

  it.each(retried)(
    'retries $error ($status) answers to PutJobSuccessResult and the job gets exactly one result',
    async ({ error, status }) => {
      const faults = [{ operation: 'codepipeline:PutJobSuccessResult', error, status, times: 1 }];

      const run = await invokeBundle(FN, jobEvent('load-parameters.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toEqual([
        'GetParametersByPath ok',
        `PutJobSuccessResult ${error}`,
        'PutJobSuccessResult ok',
      ]);
      expect(acceptedResults(run)).toHaveLength(1);
    },
  );

  it.each(retried)(
    'retries $error ($status) answers to PutJobFailureResult and the job gets exactly one result',
    async ({ error, status }) => {
      const faults = [{ operation: 'codepipeline:PutJobFailureResult', error, status, times: 1 }];

      const run = await invokeBundle(FN, jobEvent('alarm-gate-firing.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toEqual([
        'DescribeAlarms ok',
        `PutJobFailureResult ${error}`,
        'PutJobFailureResult ok',
      ]);
      expect(acceptedResults(run)).toHaveLength(1);
    },
  );

  it("reports SystemUnavailable when the task's call still answers 503 after the SDK's retries", async () => {
    const faults = [{ operation: 'ssm:GetParametersByPath', error: 'ServiceUnavailable', status: 503 }];

    const run = await invokeBundle(FN, jobEvent('load-parameters.json'), {
      state: { faults },
      env: { AWS_MAX_ATTEMPTS: '2' },
    });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toEqual([
      'GetParametersByPath ServiceUnavailable',
      'GetParametersByPath ServiceUnavailable',
      'PutJobFailureResult ok',
    ]);
    expect(run.calls[2]!.detail).toMatch(
      /^SystemUnavailable: Task load-parameters: AWS is throttling or unavailable after the SDK's retries \(ServiceUnavailable: .*\)\. Retry the stage later\.$/,
    );
  });

  it("reports PermissionError saying what was denied when the task's call answers AccessDeniedException", async () => {
    const faults = [
      { operation: 'ssm:GetParametersByPath', error: 'AccessDeniedException', message: deniedMessage },
    ];

    const run = await invokeBundle(FN, jobEvent('load-parameters.json'), { state: { faults } });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toEqual([
      'GetParametersByPath AccessDeniedException',
      'PutJobFailureResult ok',
    ]);
    expect(run.calls[1]!.detail).toBe(
      `PermissionError: Task load-parameters: AWS denied ssm:GetParametersByPath (AccessDeniedException: ${deniedMessage}): allow ssm:GetParametersByPath in the role of PipelineActionFunction (template.yaml) — for artifacts, in the pipeline's artifact store and KMS key policy too.`,
    );
  });

  it('fails the invocation (so Lambda retries) when PutJobFailureResult answers 5xx beyond the retries', async () => {
    const faults = [
      { operation: 'codepipeline:PutJobFailureResult', error: 'InternalServerError', status: 500 },
    ];

    const run = await invokeBundle(FN, jobEvent('alarm-gate-firing.json'), {
      state: { faults },
      env: { AWS_MAX_ATTEMPTS: '3' },
    });

    expect(run.error?.errorType).toBe('InternalServerError');
    expect(callOutcomes(run)).toEqual([
      'DescribeAlarms ok',
      ...Array(3).fill('PutJobFailureResult InternalServerError'),
    ]);
    expect(acceptedResults(run)).toHaveLength(0);
  });

  it('throws before the Lambda deadline, reporting nothing after it, when PutJobFailureResult answers only after 14 s with 15 s left', async () => {
    const faults = [{ operation: 'codepipeline:PutJobFailureResult', delayMs: 14_000 }];

    const run = await invokeBundle(FN, jobEvent('alarm-gate-firing.json'), {
      state: { faults },
      timeoutSeconds: 15,
    });

    // The invocation fails itself (Lambda retries it, then the failure destination sees it) instead of
    // being cut off by the Lambda timeout while a result may still land.
    expect(run.error?.errorType).toBe('DeadlineExceededError');
    expect(acceptedResults(run)).toHaveLength(0);
    expect(run.logs.join('\n')).toContain(
      'before the Lambda deadline; failing the invocation so Lambda retries',
    );
  }, 40_000);
});
