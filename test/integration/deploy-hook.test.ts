import { callOutcomes, invokeBundle, readEvent } from './harness';

const FN = 'DeployHookFunction';

describe('DeployHookFunction bundle (loopback endpoint, real SDK wire)', () => {
  it('reports Succeeded to CodeDeploy when the target version and its alarms are healthy', async () => {
    const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'));

    expect(run.error).toBeUndefined();
    const report = run.calls.find((c) => c.operation === 'PutLifecycleEventHookExecutionStatus');
    expect(report).toMatchObject({ outcome: 'ok', detail: 'Succeeded' });
  });

  it('reports Succeeded after the SDK retried a throttled GetDeployment', async () => {
    const faults = [{ operation: 'codedeploy:GetDeployment', error: 'ThrottlingException', times: 1 }];

    const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run).slice(0, 2)).toEqual(['GetDeployment ThrottlingException', 'GetDeployment ok']);
    expect(callOutcomes(run)).toContain('PutLifecycleEventHookExecutionStatus ok');
  });

  it('reports Failed to CodeDeploy when invoking the target version is denied', async () => {
    const faults = [{ operation: 'lambda:InvokeFunction', error: 'AccessDeniedException', status: 403 }];

    const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

    expect(run.error).toBeUndefined();
    expect(callOutcomes(run)).toContain('Invoke AccessDeniedException');
    const report = run.calls.find((c) => c.operation === 'PutLifecycleEventHookExecutionStatus');
    expect(report).toMatchObject({ outcome: 'ok', detail: 'Failed' });
  });

  it('treats LifecycleEventAlreadyCompletedException as already reported', async () => {
    const faults = [
      {
        operation: 'codedeploy:PutLifecycleEventHookExecutionStatus',
        error: 'LifecycleEventAlreadyCompletedException',
      },
    ];

    const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

    expect(run.error).toBeUndefined();
  });
});
