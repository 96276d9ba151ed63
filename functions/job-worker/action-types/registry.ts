import type { ActionTypeDefinition } from '../action-type';
import { alarmGateActionType } from './alarm-gate';
import { changeCalendarGateActionType } from './change-calendar-gate';
import { httpCheckActionType } from './http-check';
import { loadParametersActionType } from './load-parameters';
import { runAutomationActionType } from './run-automation';

/**
 * The custom action type of every task (test/template checks it is every task of the task registry,
 * and that template.yaml declares each). Add a task's type: a file + a line.
 */
export const actionTypeRegistry: readonly ActionTypeDefinition[] = [
  httpCheckActionType,
  changeCalendarGateActionType,
  alarmGateActionType,
  loadParametersActionType,
  runAutomationActionType,
];
