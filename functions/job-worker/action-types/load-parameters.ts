import { loadParametersTask } from '../../pipeline-action/tasks/load-parameters';
import { defineActionType } from '../action-type';

/** `load-parameters` as a custom action: `path` (required), `recursive`, `namespaceKeys`, `allowEmpty`. */
export const loadParametersActionType = defineActionType(loadParametersTask, {
  properties: [
    { name: 'path', kind: 'text', required: true },
    { name: 'recursive', kind: 'boolean' },
    { name: 'namespaceKeys', kind: 'text' },
    { name: 'allowEmpty', kind: 'boolean' },
  ],
});
