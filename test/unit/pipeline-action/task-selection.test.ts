import fc from 'fast-check';
import { ConfigurationError } from '../../../functions/lib/errors';
import { UNKNOWN_TASK, readTaskRequest } from '../../../functions/pipeline-action/job/task-selection';
import { taskRegistry } from '../../../functions/pipeline-action/tasks/registry';
import { loadEvent } from './support';

/** The UserParameters string of a sample event, as CodePipeline hands it over. */
function userParametersOf(name: string): string {
  return loadEvent(name)['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters;
}

describe('readTaskRequest', () => {
  it('gives the task name, the task and its validated parameters from one reading', () => {
    const request = readTaskRequest(userParametersOf('alarm-gate'), taskRegistry);
    expect(request.error).toBeUndefined();
    expect(request.taskName).toBe('alarm-gate');
    expect(request.task).toBe(taskRegistry.get('alarm-gate'));
    expect(request.params).toMatchObject({ alarms: ['checkout-api-5xx', 'checkout-api-latency-p99'] });
  });

  it('names the registered task even when its parameters do not validate, with the ConfigurationError', () => {
    const request = readTaskRequest(userParametersOf('user-parameters-invalid'), taskRegistry);
    expect(request.taskName).toBe('http-check');
    expect(request.task).toBeUndefined();
    expect(request.error).toBeInstanceOf(ConfigurationError);
    expect(request.error?.message).toMatch(/^UserParameters\.url: Invalid URL; UserParameters\.attempts: /);
  });

  it('says each problem once, without repeating "UserParameters" (one line a user can act on)', () => {
    const request = readTaskRequest('{"task":"alarm-gate"}', taskRegistry);
    expect(request.error?.message).toBe(
      'UserParameters: set exactly one of "alarms" (a list of names) or "alarmPrefix"',
    );
  });

  it.each([
    [
      'the task is not registered',
      userParametersOf('user-parameters-unknown-task'),
      /"smoke-test" is not a known task: use one of http-check, /,
    ],
    [
      'UserParameters is not JSON',
      userParametersOf('user-parameters-bad-json'),
      /^UserParameters is not valid JSON/,
    ],
    ['UserParameters is absent', undefined, /^UserParameters is empty/],
    ['UserParameters is blank', '  ', /^UserParameters is empty/],
    ['UserParameters is not an object', '["alarm-gate"]', /must be a JSON object with a "task" key/],
    ['the task key is missing', '{"alarms":["a"]}', /has no "task" key/],
    [
      'the task is named like an Object property',
      '{"task":"constructor"}',
      /"constructor" is not a known task/,
    ],
  ])('gives the unknown task name and a ConfigurationError when %s', (_case, userParameters, message) => {
    const request = readTaskRequest(userParameters, taskRegistry);
    expect(request.taskName).toBe(UNKNOWN_TASK);
    expect(request.task).toBeUndefined();
    expect(request.error).toBeInstanceOf(ConfigurationError);
    expect(request.error?.message).toMatch(message);
  });

  it('turns any UserParameters text into a task or a ConfigurationError, never another error', () => {
    const anyTask = fc.constantFrom(...taskRegistry.keys(), 'constructor', '__proto__', '');
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc
        .tuple(anyTask, fc.dictionary(fc.string(), fc.jsonValue()))
        .map(([task, rest]) => JSON.stringify({ ...rest, task })),
    );
    fc.assert(
      fc.property(text, (userParameters) => {
        const request = readTaskRequest(userParameters, taskRegistry);
        if (request.error) expect(request.error).toBeInstanceOf(ConfigurationError);
        else expect(taskRegistry.get(request.taskName)).toBe(request.task);
      }),
      { numRuns: 1_000 },
    );
  });
});
