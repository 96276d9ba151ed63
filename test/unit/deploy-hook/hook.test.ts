import {
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { handler } from '../../../functions/deploy-hook';
import { UnsupportedEventError } from '../../../functions/lib/errors';
import { logger, metrics } from '../../../functions/lib/observability';
import { awsError } from '../../support/aws-error';
import { answerFromState, hookContext, hookEvent, mocks, reportedStatuses, useConfigPath } from './fixtures';

describe('deploy hook handler', () => {
  useConfigPath('/pipewright/dev/');
  beforeEach(() => answerFromState());

  it('reports Succeeded to CodeDeploy when every configured check passes', async () => {
    const event = hookEvent('lambda-success');
    const verdict = await handler(event, hookContext());
    expect(verdict).toEqual({ status: 'Succeeded', reason: '2 checks passed' });
    expect(mocks.codedeploy).toHaveReceivedCommandWith(PutLifecycleEventHookExecutionStatusCommand, {
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status: 'Succeeded',
    });
  });

  it('reports Failed when the target version answers a FunctionError (default smoke invoke)', async () => {
    const verdict = await handler(hookEvent('lambda-failing-check'), hookContext());
    expect(verdict.status).toBe('Failed');
    expect(verdict.reason).toMatch(/^1 of 1 check failed — invoke: /);
    expect(verdict.reason).toContain('expected no FunctionError, got Unhandled');
    expect(reportedStatuses()).toEqual(['Failed']);
  });

  it('smoke-invokes the target version, never the alias, when nothing is configured', async () => {
    answerFromState({ withConfig: false });
    await handler(hookEvent('lambda-success'), hookContext());
    expect(mocks.lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    const input = mocks.lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'orders-api-OrdersFunction-Xb12Cd34Ef56', Qualifier: '8' });
    expect(JSON.parse(Buffer.from(input.Payload as Uint8Array).toString())).toMatchObject({
      source: 'pipewright.smoke-test',
      deploymentId: 'd-7KQ2M4XAB',
    });
    expect(reportedStatuses()).toEqual(['Succeeded']);
  });

  it('logs and counts, without failing the invocation, when the deployment does not exist (nothing can be reported)', async () => {
    const error = jest.spyOn(logger, 'error');
    const counted = jest.spyOn(metrics, 'addMetric');

    const verdict = await handler(hookEvent('unknown-deployment'), hookContext());

    expect(verdict).toEqual({
      status: 'Failed',
      reason: 'ConfigurationError: Deployment d-5RT0Y6U8K does not exist (in this account and region)',
    });
    expect(reportedStatuses()).toEqual(['Failed']);
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The result of hook b2a8e6d4-1f3c-4b9a-8e7d-6c5b4a3f2e10 of d-5RT0Y6U8K cannot be reported \(DeploymentDoesNotExistException: /,
      ),
      expect.anything(),
    );
    expect(counted).toHaveBeenCalledWith('ResultUnreportable', 'Count', 1);
  });

  it.each([
    'InvalidLifecycleEventHookExecutionIdException',
    'InvalidDeploymentIdException',
    'DeploymentIdRequiredException',
    'UnsupportedActionForDeploymentTypeException',
    'LifecycleEventHookExecutionIdRequiredException',
    'ValidationException',
  ])('does not fail the invocation when CodeDeploy answers %s (a retry cannot fix it)', async (name) => {
    mocks.codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError(name));
    await expect(handler(hookEvent('lambda-success'), hookContext())).resolves.toMatchObject({
      status: 'Succeeded',
    });
    expect(reportedStatuses()).toEqual(['Succeeded']);
  });

  it('throws so Lambda retries when reporting is denied (a fixed policy lets a retry through)', async () => {
    mocks.codedeploy
      .on(PutLifecycleEventHookExecutionStatusCommand)
      .rejects(awsError('AccessDeniedException'));
    await expect(handler(hookEvent('lambda-success'), hookContext())).rejects.toThrow(
      'AccessDeniedException',
    );
  });

  it('reports Failed when GetDeployment is denied', async () => {
    mocks.codedeploy.on(GetDeploymentCommand).rejects(awsError('AccessDeniedException'));
    const verdict = await handler(hookEvent('lambda-success'), hookContext());
    expect(verdict.reason).toContain('AccessDeniedException');
    expect(reportedStatuses()).toEqual(['Failed']);
  });

  it('runs the deployment group configuration of an ECS deployment and reports Succeeded', async () => {
    const verdict = await handler(hookEvent('ecs-success'), hookContext());
    expect(verdict).toEqual({ status: 'Succeeded', reason: '1 check passed' });
    expect(mocks.lambda).not.toHaveReceivedCommand(InvokeCommand);
  });

  it('throws so Lambda retries when Succeeded cannot be reported', async () => {
    mocks.codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('ThrottlingException'));
    await expect(handler(hookEvent('lambda-success'), hookContext())).rejects.toThrow('ThrottlingException');
    expect(reportedStatuses()).toEqual(['Succeeded']);
  });

  it('throws so Lambda retries when Failed cannot be reported', async () => {
    mocks.codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('InternalFailure'));
    await expect(handler(hookEvent('lambda-failing-check'), hookContext())).rejects.toThrow(
      'InternalFailure',
    );
    expect(reportedStatuses()).toEqual(['Failed']);
  });

  it('treats LifecycleEventAlreadyCompletedException as already reported (duplicate delivery)', async () => {
    mocks.codedeploy
      .on(PutLifecycleEventHookExecutionStatusCommand)
      .rejects(awsError('LifecycleEventAlreadyCompletedException'));
    await expect(handler(hookEvent('lambda-success'), hookContext())).resolves.toMatchObject({
      status: 'Succeeded',
    });
  });

  it('reports Failed before the Lambda deadline, naming the call, when GetDeployment never answers', async () => {
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '850';
    mocks.codedeploy.on(GetDeploymentCommand).callsFake(() => new Promise(() => undefined));
    const verdict = await handler(hookEvent('lambda-success'), hookContext(1_000));
    expect(verdict.reason).toMatch(
      /^TransientAwsError: GetDeployment failed transiently until the work's time was spent: 1 attempt over \d+ ms: no answer in the time left\./,
    );
    expect(reportedStatuses()).toEqual(['Failed']);
  });

  it('reports Failed before the Lambda deadline when the target version never answers (its slowness is the verdict)', async () => {
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '950';
    mocks.lambda.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
    const verdict = await handler(hookEvent('lambda-failing-check'), hookContext(1_000));
    expect(verdict.reason).toMatch(/^DeadlineExceededError: the work did not finish within its 50 ms budget/);
    expect(reportedStatuses()).toEqual(['Failed']);
  });

  it('fails the invocation naming the missing field, without any AWS call, when the event is malformed', async () => {
    const error = await handler(hookEvent('malformed-missing-hook-id'), hookContext()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsupportedEventError);
    expect((error as Error).message).toContain('LifecycleEventHookExecutionId');
    Object.values(mocks).forEach((mock) => expect(mock.calls()).toHaveLength(0));
  });

  it('rejects an empty DeploymentId as malformed', async () => {
    const event = { ...hookEvent('lambda-success'), DeploymentId: '' };
    await expect(handler(event, hookContext())).rejects.toThrow(/DeploymentId/);
    expect(mocks.codedeploy.calls()).toHaveLength(0);
  });
});
