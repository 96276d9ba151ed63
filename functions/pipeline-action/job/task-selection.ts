import { ConfigurationError } from '../../lib/errors';
import { parseJson, parsePayload } from '../../lib/schema';
import type { TaskDefinition } from '../tasks/task';

/** Tasks by name. */
export type TaskRegistry = ReadonlyMap<string, TaskDefinition>;

/** The task a job asks for, with its validated parameters. */
interface SelectedTask {
  task: TaskDefinition;
  params: unknown;
}

/**
 * Reads UserParameters (`{"task":"<name>", ...}`), finds the task and validates the other keys with
 * the task's schema. Every problem is a ConfigurationError saying what is wrong and what is allowed.
 *
 * @example
 * ```ts
 * selectTask('{"task":"alarm-gate","alarms":["api-5xx"]}', registry); // { task: alarmGate, params: {...} }
 * ```
 */
export function selectTask(userParameters: string | undefined, registry: TaskRegistry): SelectedTask {
  const allowed = [...registry.keys()].join(', ');
  if (userParameters === undefined || userParameters.trim() === '') {
    throw new ConfigurationError(
      `UserParameters is empty: set it to a JSON object such as {"task":"alarm-gate","alarms":["my-alarm"]} (tasks: ${allowed})`,
    );
  }
  const value = parseJson(userParameters, 'UserParameters');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigurationError(
      `UserParameters must be a JSON object with a "task" key (tasks: ${allowed})`,
    );
  }
  const { task: name, ...rest } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') {
    throw new ConfigurationError(`UserParameters has no "task" key: name one of ${allowed}`);
  }
  const task = registry.get(name);
  if (!task)
    throw new ConfigurationError(`UserParameters.task "${name}" is not a known task: use one of ${allowed}`);
  return { task, params: parsePayload(task.params, rest, 'UserParameters') };
}

/** The task name used in logs, metrics and messages when UserParameters names no registered task. */
export const UNKNOWN_TASK = 'unknown';

/**
 * The registered task a UserParameters string asks for, else {@link UNKNOWN_TASK} — never the raw
 * string a user typed, so the `task` metric dimension stays low-cardinality (for logs and metrics
 * before validation).
 */
export function requestedTaskName(userParameters: string | undefined, registry: TaskRegistry): string {
  try {
    const name = (JSON.parse(userParameters ?? '') as { task?: unknown })?.task;
    return typeof name === 'string' && registry.has(name) ? name : UNKNOWN_TASK;
  } catch {
    return UNKNOWN_TASK;
  }
}
