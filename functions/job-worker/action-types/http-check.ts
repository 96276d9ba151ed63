import { httpCheckTask } from '../../pipeline-action/tasks/http-check';
import { defineActionType } from '../action-type';

/**
 * `http-check` as a custom action: its 14 parameters do not fit AWS's 10 properties, so the common
 * ones have their own property and `options` holds the rest as JSON (`timeoutSeconds`, `expectJson`,
 * `maxBodyBytes`, `followRedirects`, `allowedHosts`). `headers` and `body` are secret. An action reads
 * the URL from one of up to 5 input artifacts with `urlFrom`.
 */
export const httpCheckActionType = defineActionType(httpCheckTask, {
  inputArtifacts: { minimum: 0, maximum: 5 },
  properties: [
    { name: 'url', kind: 'text' },
    { name: 'urlFrom', kind: 'json' },
    { name: 'method', kind: 'text' },
    { name: 'headers', kind: 'json', secret: true },
    { name: 'body', kind: 'text', secret: true },
    { name: 'expectStatus', kind: 'numbers' },
    { name: 'expectBodyContains', kind: 'text' },
    { name: 'attempts', kind: 'number' },
    { name: 'intervalSeconds', kind: 'number' },
    { name: 'options', kind: 'options' },
  ],
});
