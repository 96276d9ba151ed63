import { runAutomationTask } from '../../pipeline-action/tasks/run-automation';
import { defineActionType } from '../action-type';

/** `run-automation` as a custom action: `document` (required), `documentVersion`, `parameters` (JSON). */
export const runAutomationActionType = defineActionType(runAutomationTask, {
  properties: [
    { name: 'document', kind: 'text', required: true },
    { name: 'documentVersion', kind: 'text' },
    { name: 'parameters', kind: 'json' },
  ],
});
