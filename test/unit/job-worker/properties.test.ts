import { alarmGateActionType } from '../../../functions/job-worker/action-types/alarm-gate';
import { httpCheckActionType } from '../../../functions/job-worker/action-types/http-check';
import { loadParametersActionType } from '../../../functions/job-worker/action-types/load-parameters';
import { runAutomationActionType } from '../../../functions/job-worker/action-types/run-automation';
import { defineActionType, providerSuffix } from '../../../functions/job-worker/action-type';
import { actionTypeRegistry } from '../../../functions/job-worker/action-types/registry';
import { requestFromProperties } from '../../../functions/job-worker/properties';
import { loadParametersTask } from '../../../functions/pipeline-action/tasks/load-parameters';
import { PREFIX, seededJobs } from './support';

const URL = 'https://api.example.com/health';

/** The error message, or the parameters, a configuration gives. */
function read(type: Parameters<typeof requestFromProperties>[0], configuration: Record<string, string>) {
  const request = requestFromProperties(type, configuration);
  return request.error ? request.error.message : request.params;
}

describe('requestFromProperties (custom action configuration → task parameters)', () => {
  it('reads every seeded job of local/state/job-worker.json into its task parameters', () => {
    for (const job of seededJobs()) {
      const type = actionTypeRegistry.find((t) => job.provider === `${PREFIX}${providerSuffix(t.task.name)}`);
      const request = requestFromProperties(type!, job.configuration ?? {});
      expect(`${job.id}: ${request.error?.message ?? request.task?.name}`).toBe(
        `${job.id}: ${type!.task.name}`,
      );
    }
  });

  it('reads a list from comma-separated text, trimming the items and dropping empty ones', () => {
    expect(read(alarmGateActionType, { alarms: ' checkout-api-5xx,checkout-db-cpu , ' })).toEqual({
      alarms: ['checkout-api-5xx', 'checkout-db-cpu'],
    });
  });

  it('reads numbers, booleans (true/false, any case), number lists and JSON, with the task defaults for the rest', () => {
    expect(
      read(httpCheckActionType, {
        urlFrom: '{"artifact":"BuildOutput","file":"outputs.json","jsonPath":"ApiUrl"}',
        expectStatus: '200, 204',
        attempts: '3',
        intervalSeconds: '2.5',
      }),
    ).toEqual({
      urlFrom: { artifact: 'BuildOutput', file: 'outputs.json', jsonPath: 'ApiUrl' },
      expectStatus: [200, 204],
      attempts: 3,
      intervalSeconds: 2.5,
      timeoutSeconds: 10,
    });
    expect(
      read(loadParametersActionType, { path: '/app/prod/', recursive: 'FALSE', allowEmpty: 'true' }),
    ).toEqual({ path: '/app/prod/', recursive: false, namespaceKeys: 'relative', allowEmpty: true });
  });

  it('takes the parameters beyond the 10 properties from the options JSON object', () => {
    expect(
      read(httpCheckActionType, { url: URL, options: '{"followRedirects":"none","timeoutSeconds":2}' }),
    ).toMatchObject({ url: URL, followRedirects: 'none', timeoutSeconds: 2 });
  });

  it('counts a property left empty as not set', () => {
    expect(read(alarmGateActionType, { alarms: '  ', alarmPrefix: 'checkout-' })).toEqual({
      alarmPrefix: 'checkout-',
    });
  });

  it('names the required property that is missing', () => {
    expect(read(runAutomationActionType, { documentVersion: '3' })).toBe(
      "The action's configuration is missing the required property document: set it in the pipeline's action",
    );
  });

  it('names every required property that is missing, at once', () => {
    const twoRequired = defineActionType(loadParametersTask, {
      properties: [
        { name: 'path', kind: 'text', required: true },
        { name: 'namespaceKeys', kind: 'text', required: true },
      ],
    });
    expect(read(twoRequired, {})).toBe(
      "The action's configuration is missing the required properties path and namespaceKeys: set them in the pipeline's action",
    );
  });

  it('lets the task decide between keys that exclude each other (neither is Required)', () => {
    expect(read(alarmGateActionType, { alarms: 'a', alarmPrefix: 'b' })).toBe(
      'configuration: set exactly one of "alarms" (a list of names) or "alarmPrefix"',
    );
    expect(read(alarmGateActionType, {})).toBe(
      'configuration: set exactly one of "alarms" (a list of names) or "alarmPrefix"',
    );
  });

  it.each([
    [{ attempts: 'five' }, 'configuration.attempts: expected a number, got "five"'],
    [{ expectStatus: '200,OK' }, 'configuration.expectStatus.1: expected a number, got "OK"'],
    [{ urlFrom: '{"artifact":' }, /^configuration\.urlFrom: expected JSON \(.+\)$/],
    [{ options: '["none"]' }, 'configuration.options: expected an object, got a list of 1 item'],
    [
      { options: '{"followRedirects":"sometimes"}' },
      /^configuration\.options\.followRedirects: expected one of "same-origin", "none", "any", got "sometimes"$/,
    ],
    [
      { options: '{"retries":3}' },
      'configuration.options: unexpected field "retries" (remove or check the spelling)',
    ],
    [{ options: '{"attempts":3}' }, 'configuration.options.attempts: set attempts in its own property'],
  ])('names the property and what is wrong: %j', (changes, message) => {
    expect(read(httpCheckActionType, { url: URL, ...changes })).toMatch(message);
  });

  it('never quotes the value of a secret property, not even a part of it in a JSON error', () => {
    const secret = 'PLANTED-bearer-token-1Zq9';
    const messages = [
      read(httpCheckActionType, { url: URL, headers: `{"Authorization":"Bearer ${secret}"` }),
      read(httpCheckActionType, { url: URL, headers: `{"Authorization":["Bearer ${secret}"]}` }),
      read(httpCheckActionType, { url: URL, headers: `Bearer ${secret}` }),
    ];
    expect(messages.every((message) => typeof message === 'string')).toBe(true);
    expect(messages.join('\n')).not.toContain(secret);
  });
});
