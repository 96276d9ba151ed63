import {
  GetAutomationExecutionCommand,
  SSMClient,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { logger } from '../../../../functions/lib/observability';
import { handler } from '../../../../functions/pipeline-action';
import { awsError } from '../../../support/aws-error';
import { fakeContext, loadEvent, mockCodePipeline } from '../support';

const executionId = '3a1f8e2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
const running = {
  AutomationExecution: {
    AutomationExecutionId: executionId,
    AutomationExecutionStatus: 'InProgress' as const,
    StepExecutions: [
      { StepName: 'snapshotCache', StepStatus: 'Success' as const },
      { StepName: 'flushCache', StepStatus: 'InProgress' as const },
    ],
  },
};
const succeeded = {
  AutomationExecution: {
    AutomationExecutionId: executionId,
    AutomationExecutionStatus: 'Success' as const,
    Outputs: { 'flushCache.KeysFlushed': ['1284'] },
  },
};

describe('run-automation task', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let ssm: AwsClientStub<SSMClient>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
    ssm = mockClient(SSMClient);
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: executionId });
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('starts the document once per job (client token = job id) and reports its outputs on success', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves(succeeded);
    await handler(loadEvent('run-automation'), fakeContext());
    expect(ssm).toHaveReceivedCommandWith(StartAutomationExecutionCommand, {
      DocumentName: 'Checkout-FlushCache',
      Parameters: { CacheCluster: ['checkout-prod'], Regions: ['eu-west-1', 'eu-central-1'] },
      ClientToken: 'a1b2c3d4-0014-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(codepipeline.success()[0]).toMatchObject({
      executionDetails: { externalExecutionId: executionId },
      outputVariables: { AutomationExecutionId: executionId, flushCache_KeysFlushed: '1284' },
    });
  });

  it('polls within the invocation so that a short automation finishes in one invocation', async () => {
    jest.useFakeTimers({ now: Date.now() });
    ssm.on(GetAutomationExecutionCommand).resolvesOnce(running).resolves(succeeded);
    const done = handler(loadEvent('run-automation'), fakeContext(120_000));
    await jest.advanceTimersByTimeAsync(5_000);
    await done;
    expect(ssm).toHaveReceivedCommandTimes(GetAutomationExecutionCommand, 2);
    expect(codepipeline.success()[0]?.continuationToken).toBeUndefined();
    expect(codepipeline.success()[0]?.outputVariables).toBeDefined();
  });

  it('hands over with the execution id in the continuation token when time is short', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves(running);
    await handler(loadEvent('run-automation'), fakeContext(15_000));
    expect(codepipeline.success()[0]).toEqual({
      jobId: 'a1b2c3d4-0014-4e5f-8a9b-0c1d2e3f4a5b',
      executionDetails: {
        summary: `Automation Checkout-FlushCache (execution ${executionId}) InProgress at step flushCache (1 of 2 steps done)`,
        percentComplete: 50,
        externalExecutionId: executionId,
      },
      continuationToken: `{"v":1,"task":"run-automation","state":{"executionId":"${executionId}"}}`,
    });
  });

  it('follows the execution from the continuation token without starting it again', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves(succeeded);
    const event = loadEvent('run-automation');
    event['CodePipeline.job'].data.continuationToken =
      `{"v":1,"task":"run-automation","state":{"executionId":"${executionId}"}}`;
    await handler(event, fakeContext());
    expect(ssm).not.toHaveReceivedCommand(StartAutomationExecutionCommand);
    expect(ssm).toHaveReceivedCommandWith(GetAutomationExecutionCommand, {
      AutomationExecutionId: executionId,
    });
    expect(codepipeline.success()[0]?.outputVariables?.AutomationExecutionId).toBe(executionId);
  });

  it('reports failure naming the failed step and its message', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        AutomationExecutionStatus: 'Failed',
        FailureMessage: 'Step fails when it is Executing.',
        StepExecutions: [
          { StepName: 'createNewKey', StepStatus: 'Success' },
          {
            StepName: 'updateSecret',
            StepStatus: 'Failed',
            FailureMessage: 'AccessDeniedException: secretsmanager:PutSecretValue on checkout/prod/api-key',
          },
        ],
      },
    });
    await handler(loadEvent('run-automation-failed'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'JobFailed',
      message: `Task run-automation: Automation Checkout-RotateApiKeys (execution ${executionId}) ended Failed: step updateSecret Failed: AccessDeniedException: secretsmanager:PutSecretValue on checkout/prod/api-key`,
      externalExecutionId: executionId,
    });
  });

  it('reports success when the execution completes with success (change-request runbooks)', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        ...succeeded.AutomationExecution,
        AutomationExecutionStatus: 'CompletedWithSuccess',
      },
    });
    await handler(loadEvent('run-automation'), fakeContext(15_000));
    expect(codepipeline.success()).toEqual([
      {
        jobId: 'a1b2c3d4-0014-4e5f-8a9b-0c1d2e3f4a5b',
        executionDetails: {
          summary: `Automation Checkout-FlushCache (execution ${executionId}) succeeded (CompletedWithSuccess)`,
          percentComplete: 100,
          externalExecutionId: executionId,
        },
        outputVariables: { AutomationExecutionId: executionId, flushCache_KeysFlushed: '1284' },
      },
    ]);
  });

  it.each(['CompletedWithFailure', 'Rejected', 'ChangeCalendarOverrideRejected', 'Exited'] as const)(
    'reports failure when the execution ends %s',
    async (status) => {
      ssm.on(GetAutomationExecutionCommand).resolves({
        AutomationExecution: {
          AutomationExecutionStatus: status,
          FailureMessage: `The execution ${status}.`,
        },
      });
      await handler(loadEvent('run-automation'), fakeContext(15_000));
      expect(codepipeline.success()).toEqual([]);
      expect(codepipeline.failure()[0]?.failureDetails).toEqual({
        type: 'JobFailed',
        message: `Task run-automation: Automation Checkout-FlushCache (execution ${executionId}) ended ${status}: The execution ${status}.`,
        externalExecutionId: executionId,
      });
    },
  );

  it('keeps following a Cancelling execution until it reaches Cancelled', async () => {
    const cancelling = {
      AutomationExecution: {
        AutomationExecutionStatus: 'Cancelling' as const,
        StepExecutions: [{ StepName: 'flushCache', StepStatus: 'Cancelling' as const }],
      },
    };
    ssm.on(GetAutomationExecutionCommand).resolves(cancelling);
    await handler(loadEvent('run-automation'), fakeContext(15_000));
    expect(codepipeline.failure()).toEqual([]);
    expect(codepipeline.success()[0]?.executionDetails?.summary).toBe(
      `Automation Checkout-FlushCache (execution ${executionId}) Cancelling at step flushCache (0 of 1 steps done)`,
    );
  });

  it('keeps polling and logs a status it does not know instead of looping silently', async () => {
    const warn = jest.spyOn(logger, 'warn');
    jest.useFakeTimers({ now: Date.now() });
    const unknown = { AutomationExecution: { AutomationExecutionStatus: 'Paused' as never } };
    ssm.on(GetAutomationExecutionCommand).resolvesOnce(unknown).resolvesOnce(unknown).resolves(succeeded);
    const done = handler(loadEvent('run-automation'), fakeContext(120_000));
    await jest.advanceTimersByTimeAsync(10_000);
    await done;
    expect(ssm).toHaveReceivedCommandTimes(GetAutomationExecutionCommand, 3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('Automation status not known to this function: still polling', {
      executionId,
      status: 'Paused',
    });
    expect(codepipeline.success()[0]?.outputVariables?.AutomationExecutionId).toBe(executionId);
  });

  it('reports a ConfigurationError when the document does not exist', async () => {
    ssm
      .on(StartAutomationExecutionCommand)
      .rejects(
        awsError(
          'AutomationDefinitionNotFoundException',
          'Automation document Checkout-FlushCach was not found',
        ),
      );
    await handler(loadEvent('run-automation'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.type).toBe('ConfigurationError');
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'Automation document "Checkout-FlushCache" cannot be started',
    );
  });
});
