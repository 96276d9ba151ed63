import { PutJobFailureResultCommand, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
import * as z from 'zod';
import { jobRuntime } from '../../../functions/pipeline-action/job/runtime';
import { type TaskOutcome, defineTask } from '../../../functions/pipeline-action/tasks/task';
import { awsError } from '../../support/aws-error';
import { fakeContext, loadEvent, mockCodePipeline } from './support';

/** A runtime whose only task (named like the sample event's) returns `outcome`. */
function runtimeReturning(outcome: TaskOutcome<unknown>) {
  const task = defineTask({
    name: 'alarm-gate',
    description: 'test task',
    params: z.object({}).passthrough(),
    state: z.unknown(),
    run: async () => outcome,
  });
  return jobRuntime(new Map([[task.name, task]]));
}

const jobId = loadEvent('alarm-gate')['CodePipeline.job'].id;

describe('pipeline action result fallback', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
  });

  it('reports failure to CodePipeline, saying why, when it rejects the success with a ValidationException', async () => {
    codepipeline.mock
      .on(PutJobSuccessResultCommand)
      .rejects(
        awsError('ValidationException', "Value at 'executionDetails.summary' failed to satisfy constraint"),
      );
    const run = runtimeReturning({ status: 'succeeded', summary: '2 alarms checked, none in ALARM' });

    const result = await run(loadEvent('alarm-gate'), fakeContext());

    expect(codepipeline.failure()).toEqual([
      {
        jobId,
        failureDetails: {
          type: 'JobFailed',
          message:
            "The task succeeded, but its success could not be reported: CodePipeline rejected PutJobSuccessResult (ValidationException: Value at 'executionDetails.summary' failed to satisfy constraint). Summary: 2 alarms checked, none in ALARM",
        },
      },
    ]);
    expect(result.kind).toBe('failure');
  });

  it('reports failure when CodePipeline rejects the output variables as too large', async () => {
    codepipeline.mock
      .on(PutJobSuccessResultCommand)
      .rejects(awsError('OutputVariablesSizeExceededException', 'Output variables exceed the size limit'));
    const run = runtimeReturning({ status: 'succeeded', summary: 'done', outputVariables: { Key: 'value' } });

    await run(loadEvent('alarm-gate'), fakeContext());

    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'its success could not be reported: CodePipeline rejected PutJobSuccessResult (OutputVariablesSizeExceededException',
    );
  });

  it('reports failure when CodePipeline rejects a continuation with a ValidationException', async () => {
    codepipeline.mock
      .on(PutJobSuccessResultCommand)
      .rejects(awsError('ValidationException', 'Invalid continuation token'));
    const run = runtimeReturning({ status: 'inProgress', state: { step: 1 }, summary: 'step 1 of 2' });

    await run(loadEvent('alarm-gate'), fakeContext());

    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'JobFailed',
      message:
        'The task is still in progress, but its continuation could not be reported: CodePipeline rejected PutJobSuccessResult (ValidationException: Invalid continuation token). Summary: step 1 of 2',
    });
  });

  it('fails the invocation without a fallback when the success call fails in a way a retry may fix', async () => {
    codepipeline.mock
      .on(PutJobSuccessResultCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const run = runtimeReturning({ status: 'succeeded', summary: 'done' });

    await expect(run(loadEvent('alarm-gate'), fakeContext())).rejects.toThrow('Rate exceeded');
    expect(codepipeline.mock.commandCalls(PutJobFailureResultCommand)).toHaveLength(0);
  });

  it('does not report a second failure when the failure itself is rejected', async () => {
    codepipeline.mock
      .on(PutJobFailureResultCommand)
      .rejects(awsError('ValidationException', 'failureDetails.message is invalid'));
    const run = runtimeReturning({ status: 'failed', message: 'alarm checkout-db-cpu is in ALARM' });

    await expect(run(loadEvent('alarm-gate'), fakeContext())).rejects.toThrow(
      'failureDetails.message is invalid',
    );
    expect(codepipeline.mock.commandCalls(PutJobFailureResultCommand)).toHaveLength(1);
  });
});
