import { transientKind } from '../../lib/aws/transient';
import { FailureType } from '@aws-sdk/client-codepipeline';
import {
  ConfigurationError,
  DeadlineExceededError,
  PipewrightError,
  deniedAction,
  describeError,
  isAccessDenied,
} from '../../lib/errors';
import { outputVariableProblems } from '../tasks/support/output-variables';
import type { TaskDefinition, TaskOutcome } from '../tasks/task';
import { encodeContinuation } from './continuation';
import { UNKNOWN_TASK } from './task-selection';

/** CodePipeline limits of a job result (PutJobSuccessResult / PutJobFailureResult). */
export const jobLimits = {
  summaryChars: 2048,
  failureMessageChars: 5000,
  externalExecutionIdChars: 1500,
} as const;

/** The one result reported for a job invocation. */
export type JobResult =
  | {
      kind: 'success';
      summary: string;
      outputVariables?: Record<string, string>;
      externalExecutionId?: string;
    }
  | {
      kind: 'continue';
      summary: string;
      continuationToken: string;
      percentComplete?: number;
      externalExecutionId?: string;
    }
  | { kind: 'failure'; type: FailureType; message: string; externalExecutionId?: string };

/**
 * Turns what a task returned into the job result to report, validating it first: a continuation
 * state must fit in a token, output variables must respect CodePipeline's key pattern and size limit.
 */
export function toJobResult(task: TaskDefinition, outcome: TaskOutcome<unknown>): JobResult {
  const { externalExecutionId } = outcome;
  switch (outcome.status) {
    case 'succeeded': {
      const problems = outcome.outputVariables ? outputVariableProblems(outcome.outputVariables) : [];
      if (problems.length > 0) {
        throw new PipewrightError(
          `The ${task.name} task produced invalid output variables: ${problems.join('; ')}`,
        );
      }
      return {
        kind: 'success',
        summary: outcome.summary,
        outputVariables: outcome.outputVariables,
        externalExecutionId,
      };
    }
    case 'inProgress':
      return {
        kind: 'continue',
        summary: outcome.summary,
        percentComplete: outcome.percentComplete,
        continuationToken: encodeContinuation(task.name, outcome.state),
        externalExecutionId,
      };
    case 'failed':
      return {
        kind: 'failure',
        type: outcome.type ?? 'JobFailed',
        message: `Task ${task.name}: ${outcome.message}`,
        externalExecutionId,
      };
  }
}

/**
 * Converts any error thrown while running a job into the failure reported to CodePipeline, choosing
 * the failure type that tells the user where to look:
 * ConfigurationError → ConfigurationError (fix UserParameters / the pipeline),
 * AWS access denied → PermissionError (fix the role of `functionId`, the function that ran the task),
 * throttling or an AWS 5xx after the SDK's retries → SystemUnavailable (retry the stage later), out of
 * time → JobFailed saying what to do.
 */
export function failureOf(
  error: unknown,
  task: string,
  functionId: string,
): Extract<JobResult, { kind: 'failure' }> {
  const prefix = task === UNKNOWN_TASK ? '' : `Task ${task}: `;
  if (error instanceof DeadlineExceededError) {
    return {
      kind: 'failure',
      type: FailureType.JobFailed,
      message: `${prefix}ran out of time in this invocation (${error.message}) and did not hand over in time. Raise the function's Timeout, or lower the task's timeouts/attempts so one step fits in an invocation; then retry the stage.`,
    };
  }
  if (error instanceof ConfigurationError) {
    return { kind: 'failure', type: FailureType.ConfigurationError, message: prefix + error.message };
  }
  if (isAccessDenied(error)) {
    const action = deniedAction(error);
    return {
      kind: 'failure',
      type: FailureType.PermissionError,
      message: `${prefix}AWS denied ${action ?? 'a call'} (${describeError(error)}): allow ${action ?? 'it'} in the role of ${functionId} (template.yaml) — for artifacts, in the pipeline's artifact store and KMS key policy too.`,
    };
  }
  if (transientKind(error)) {
    return {
      kind: 'failure',
      type: FailureType.SystemUnavailable,
      message: `${prefix}AWS is throttling or unavailable after the SDK's retries (${describeError(error)}). Retry the stage later.`,
    };
  }
  const text = error instanceof PipewrightError ? error.message : describeError(error);
  return { kind: 'failure', type: FailureType.JobFailed, message: prefix + text };
}
