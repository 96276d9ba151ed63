import { alarmGateTask } from './alarm-gate';
import { changeCalendarGateTask } from './change-calendar-gate';
import { httpCheckTask } from './http-check';
import { loadParametersTask } from './load-parameters';
import { runAutomationTask } from './run-automation';
import type { TaskDefinition, TaskRegistry } from './task';

/** Every task the pipeline action can run, by the name UserParameters uses. Add a task: a file + a line. */
export const taskRegistry: TaskRegistry = new Map(
  (
    [
      httpCheckTask,
      changeCalendarGateTask,
      alarmGateTask,
      loadParametersTask,
      runAutomationTask,
    ] as TaskDefinition[]
  ).map((task) => [task.name, task]),
);
