import { changeCalendarGateTask } from '../../pipeline-action/tasks/change-calendar-gate';
import { defineActionType } from '../action-type';

/** `change-calendar-gate` as a custom action: `calendar` or `calendars` (comma-separated), and `waitMinutes`. */
export const changeCalendarGateActionType = defineActionType(changeCalendarGateTask, {
  properties: [
    { name: 'calendar', kind: 'text' },
    { name: 'calendars', kind: 'list' },
    { name: 'waitMinutes', kind: 'number' },
  ],
});
