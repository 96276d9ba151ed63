import { Token } from 'aws-cdk-lib';
import type * as z from 'zod';
import { readTaskRequest } from '../../functions/pipeline-action/job/task-selection';
import type { alarmGateTask } from '../../functions/pipeline-action/tasks/alarm-gate';
import type { changeCalendarGateTask } from '../../functions/pipeline-action/tasks/change-calendar-gate';
import type { httpCheckTask } from '../../functions/pipeline-action/tasks/http-check';
import type { loadParametersTask } from '../../functions/pipeline-action/tasks/load-parameters';
import { taskRegistry } from '../../functions/pipeline-action/tasks/registry';
import type { runAutomationTask } from '../../functions/pipeline-action/tasks/run-automation';

type ParametersOf<Task extends { params: z.ZodType }> = z.input<Task['params']>;

/**
 * The UserParameters of each task (without `task`): the input type of the very schema the pipeline action
 * validates them with (functions/pipeline-action/tasks/), so a misspelt or mistyped parameter is a
 * compile error. One line per task of functions/pipeline-action/tasks/registry.ts.
 */
export interface TaskParameters {
  'http-check': ParametersOf<typeof httpCheckTask>;
  'change-calendar-gate': ParametersOf<typeof changeCalendarGateTask>;
  'alarm-gate': ParametersOf<typeof alarmGateTask>;
  'load-parameters': ParametersOf<typeof loadParametersTask>;
  'run-automation': ParametersOf<typeof runAutomationTask>;
}

/** A task the pipeline action runs, by the name UserParameters uses. */
export type TaskName = keyof TaskParameters;

/**
 * A task's UserParameters, checked at synth as the pipeline action will check them (rules across
 * parameters too, e.g. exactly one of `url` and `urlFrom`) unless they hold a token or a CodePipeline
 * variable (`#{…}`), which only the pipeline resolves.
 *
 * @example
 * ```ts
 * userParameters('alarm-gate', { alarms: ['orders-5xx'] }); // { task: 'alarm-gate', alarms: ['orders-5xx'] }
 * ```
 */
export function userParameters<T extends TaskName>(
  task: T,
  parameters: TaskParameters[T],
): Record<string, unknown> {
  const value = { task, ...parameters };
  const json = JSON.stringify(value);
  if (!Token.isUnresolved(json) && !json.includes('#{')) {
    const request = readTaskRequest(json, taskRegistry);
    if (request.error) throw new Error(`pipewright ${task} action: ${request.error.message}`);
  }
  return value;
}
