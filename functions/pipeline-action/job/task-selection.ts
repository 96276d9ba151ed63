import { ConfigurationError } from '../../lib/errors';
import { formatIssues, parseJson } from '../../lib/schema';
import type { TaskDefinition, TaskRegistry } from '../tasks/task';

/** The task name used in logs, metrics and messages when UserParameters names no registered task. */
export const UNKNOWN_TASK = 'unknown';

/**
 * What a job's UserParameters ask for, read once. `taskName` is the registered task named (even when
 * its parameters do not validate), else {@link UNKNOWN_TASK} — never the raw string a user typed, so
 * the `task` metric dimension stays low-cardinality. Then either the task with its validated `params`,
 * or the ConfigurationError saying what is wrong and what is allowed.
 */
export type TaskRequest = { taskName: string } & (
  | { task: TaskDefinition; params: unknown; error?: never }
  | { error: ConfigurationError; task?: never; params?: never }
);

/**
 * Reads UserParameters (`{"task":"<name>", ...}`) with one parse: finds the task and validates the
 * other keys with the task's schema. Problems are returned (not thrown) so that the caller can name
 * the task in logs and metrics before failing.
 *
 * @example
 * ```ts
 * readTaskRequest('{"task":"alarm-gate","alarms":["api-5xx"]}', registry);
 * // { taskName: 'alarm-gate', task: alarmGate, params: {...} }
 * readTaskRequest('{"task":"alarm-gate","alarms":3}', registry);
 * // { taskName: 'alarm-gate', error: ConfigurationError('UserParameters.alarms: Invalid input: expected array, received number') }
 * ```
 */
export function readTaskRequest(userParameters: string | undefined, registry: TaskRegistry): TaskRequest {
  const allowed = [...registry.keys()].join(', ');
  const unknown = (message: string): TaskRequest => ({
    taskName: UNKNOWN_TASK,
    error: new ConfigurationError(message),
  });
  if (userParameters === undefined || userParameters.trim() === '') {
    return unknown(
      `UserParameters is empty: set it to a JSON object such as {"task":"alarm-gate","alarms":["my-alarm"]} (tasks: ${allowed})`,
    );
  }
  let value: unknown;
  try {
    value = parseJson(userParameters, 'UserParameters');
  } catch (error) {
    return { taskName: UNKNOWN_TASK, error: configurationError(error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return unknown(`UserParameters must be a JSON object with a "task" key (tasks: ${allowed})`);
  }
  const { task: name, ...rest } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') {
    return unknown(`UserParameters has no "task" key: name one of ${allowed}`);
  }
  const task = registry.get(name);
  if (!task) return unknown(`UserParameters.task "${name}" is not a known task: use one of ${allowed}`);
  const params = task.params.safeParse(rest);
  if (!params.success) {
    // Each problem names its own field (`UserParameters.url: …`): no "is invalid" preamble to stutter.
    return {
      taskName: task.name,
      error: new ConfigurationError(formatIssues(params.error.issues, 'UserParameters')),
    };
  }
  return { taskName: task.name, task, params: params.data };
}

/** A ConfigurationError is a result to return; anything else is a bug to throw. */
function configurationError(error: unknown): ConfigurationError {
  if (error instanceof ConfigurationError) return error;
  throw error;
}
