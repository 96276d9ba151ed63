import { alarmGateTask } from '../../pipeline-action/tasks/alarm-gate';
import { defineActionType } from '../action-type';

/** `alarm-gate` as a custom action: `alarms` (comma-separated names) or `alarmPrefix`, exactly one. */
export const alarmGateActionType = defineActionType(alarmGateTask, {
  properties: [
    { name: 'alarms', kind: 'list' },
    { name: 'alarmPrefix', kind: 'text' },
  ],
});
