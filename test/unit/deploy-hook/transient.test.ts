import {
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { handler } from '../../../functions/deploy-hook';
import { awsError } from '../../support/aws-error';
import {
  answerFromState,
  failFirst,
  hookContext,
  hookEvent,
  mocks,
  reportedStatuses,
  useConfigPath,
} from './fixtures';

/** An AWS error as the client throws it once the SDK's own retries (5 attempts) are spent. */
const afterSdkRetries = (name: string, status = 400) => awsError(name, undefined, status, { attempts: 5 });

/** Runs the handler while the fake clock runs, so backoff pauses and deadlines pass in simulated time. */
async function invoke(remainingMs = 60_000, event = hookEvent('lambda-success')) {
  const started = Date.now();
  const outcome = handler(event, hookContext(remainingMs)).then(
    (verdict) => ({ verdict, error: undefined }),
    (error: unknown) => ({ verdict: undefined, error }),
  );
  await jest.advanceTimersByTimeAsync(remainingMs);
  return { ...(await outcome), started };
}

/** Simulated times at which a status was sent. */
function reportTimes(): number[] {
  const times: number[] = [];
  mocks.codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).callsFake(() => {
    times.push(Date.now());
    return {};
  });
  return times;
}

describe('deploy hook handler, transient AWS errors', () => {
  useConfigPath('/pipewright/dev/');
  beforeEach(() => {
    jest.useFakeTimers();
    answerFromState();
  });
  afterEach(() => jest.useRealTimers());

  it('reports Succeeded when GetDeployment answers 500 even after the SDK retries, then recovers', async () => {
    failFirst(mocks.codedeploy, GetDeploymentCommand, [afterSdkRetries('InternalFailure', 500)]);

    const { verdict } = await invoke();

    expect(verdict).toEqual({ status: 'Succeeded', reason: '2 checks passed' });
    expect(mocks.codedeploy).toHaveReceivedCommandTimes(GetDeploymentCommand, 2);
    expect(reportedStatuses()).toEqual(['Succeeded']);
  });

  it.each([
    ['GetApplicationRevision', mocks.codedeploy, GetApplicationRevisionCommand],
    ['GetParametersByPath', mocks.ssm, GetParametersByPathCommand],
    ['DescribeAlarms', mocks.cloudwatch, DescribeAlarmsCommand],
  ])('reports Succeeded when a throttled %s recovers within the work budget', async (_, mock, Command) => {
    failFirst(mock, Command, [
      afterSdkRetries('ThrottlingException'),
      afterSdkRetries('ServiceUnavailable', 503),
    ]);

    const { verdict } = await invoke();

    expect(verdict?.status).toBe('Succeeded');
    expect(reportedStatuses()).toEqual(['Succeeded']);
  });

  it('reports Failed, saying the failure was transient, when the configuration read stays throttled until the work budget is spent', async () => {
    mocks.ssm.on(GetParametersByPathCommand).rejects(afterSdkRetries('ThrottlingException'));
    const times = reportTimes();

    const { verdict, started } = await invoke(30_000); // 20 s of work, 10 s of reserve

    expect(verdict?.status).toBe('Failed');
    expect(verdict?.reason).toMatch(
      /^TransientAwsError: GetParametersByPath \(configuration\) failed transiently until the work's time was spent: \d+ attempts \(\d+ requests with the SDK's own retries\) over \d+s: ThrottlingException: ThrottlingException from the service \(throttled\) ×\d+\. This is a transient AWS problem, not a verdict/,
    );
    expect(mocks.ssm.commandCalls(GetParametersByPathCommand).length).toBeGreaterThan(1);
    expect(mocks.codedeploy).toHaveReceivedCommandTimes(GetDeploymentCommand, 1);
    expect(times).toHaveLength(1);
    expect(times[0]! - started).toBeLessThanOrEqual(20_000); // reported from the work budget's end, not the reserve
  });

  it('never retries into the reserve, whatever the time left (simulated remaining time)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10_000, max: 200_000 }),
        fc.constantFrom(afterSdkRetries('ThrottlingException'), afterSdkRetries('InternalFailure', 500)),
        async (remainingMs, error) => {
          answerFromState();
          mocks.codedeploy.on(GetDeploymentCommand).rejects(error);
          const times = reportTimes();

          const { verdict, started } = await invoke(remainingMs);

          expect(verdict?.reason).toMatch(/^TransientAwsError: GetDeployment failed transiently/);
          expect(times).toHaveLength(1);
          expect(times[0]! - started).toBeLessThanOrEqual(remainingMs - 10_000);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reports Failed at once, naming the IAM action, when the configuration read is denied', async () => {
    mocks.ssm.on(GetParametersByPathCommand).rejects(afterSdkRetries('AccessDeniedException'));

    const { verdict } = await invoke();

    expect(verdict?.reason).toMatch(
      /^ConfigurationError: AWS denied ssm:GetParametersByPath \(GetParameterError: AccessDeniedException from the service\): the role of DeployHookFunction \(template.yaml\) must allow ssm:GetParametersByPath$/,
    );
    expect(mocks.ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
    expect(reportedStatuses()).toEqual(['Failed']);
  });

  it.each([
    [
      'AccessDeniedException',
      403,
      /AWS denied codedeploy:GetDeployment \(AccessDeniedException: .*\): the role of DeployHookFunction \(template.yaml\) must allow codedeploy:GetDeployment/,
    ],
    ['DeploymentDoesNotExistException', 400, /Deployment d-7KQ2M4XAB does not exist/],
    ['InvalidDeploymentIdException', 400, /DeploymentId "d-7KQ2M4XAB" is not a CodeDeploy deployment id/],
  ])(
    'reports Failed at once, without retrying, when GetDeployment answers %s',
    async (name, status, reason) => {
      mocks.codedeploy.on(GetDeploymentCommand).rejects(afterSdkRetries(name, status));

      const { verdict } = await invoke();

      expect(verdict?.reason).toMatch(reason);
      expect(mocks.codedeploy).toHaveReceivedCommandTimes(GetDeploymentCommand, 1);
      expect(reportedStatuses()).toEqual(['Failed']);
    },
  );
});
