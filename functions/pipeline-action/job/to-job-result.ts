import { PipewrightError } from '../../lib/errors';
import type { TaskDefinition, TaskOutcome } from '../tasks/task';
import { encodeContinuation } from './continuation';
import { outputVariableProblems } from './limits';
import type { JobResult } from './result';

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
