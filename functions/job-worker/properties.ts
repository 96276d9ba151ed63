import * as z from 'zod';
import { ConfigurationError } from '../lib/errors';
import { formatIssues } from '../lib/schema';
import { listText } from '../lib/text';
import type { TaskRequest } from '../pipeline-action/job/task-selection';
import type { ActionTypeDefinition, PropertyDefinition } from './action-type';
import { PROPERTY_KINDS } from './property-kinds';

/** A value CodePipeline sends for a property left empty counts as not set. */
const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** Where a parameter came from: its own property, or the `options` JSON. */
const OPTIONS = 'options';

/**
 * Reads a custom action job's configuration properties into the task's parameters, validated by the
 * task's own schema: required properties first (all missing ones named at once), then each property's
 * text by its kind (a list from comma-separated text, JSON...), then the parameters. Problems come
 * back as one ConfigurationError naming each property (`configuration.attempts: expected a number,
 * got "five"`; a key of `options` as `configuration.options.followRedirects`); secret properties'
 * values are never quoted.
 *
 * @example
 * ```ts
 * requestFromProperties(alarmGateActionType, { alarms: 'checkout-api-5xx, checkout-db-cpu' });
 * // { taskName: 'alarm-gate', task: alarmGateTask, params: { alarms: ['checkout-api-5xx', 'checkout-db-cpu'] } }
 * ```
 */
export function requestFromProperties(
  type: ActionTypeDefinition,
  configuration: Readonly<Record<string, string | undefined>>,
): TaskRequest {
  const { task, properties } = type;
  const fail = (message: string): TaskRequest => ({
    taskName: task.name,
    error: new ConfigurationError(message),
  });
  const missing = properties.filter((p) => p.required && !isSet(configuration[p.name])).map((p) => p.name);
  if (missing.length > 0) {
    const names = listText(missing);
    return fail(
      `The action's configuration is missing the required propert${missing.length === 1 ? 'y' : 'ies'} ${names}: set ${missing.length === 1 ? 'it' : 'them'} in the pipeline's action`,
    );
  }
  const secret = (path: readonly PropertyKey[]) => properties.some((p) => p.secret && p.name === path[0]);
  const given = properties.filter((p) => isSet(configuration[p.name]));
  const texts = Object.fromEntries(given.map((p) => [p.name, configuration[p.name]!]));
  const read = z
    .object(Object.fromEntries(given.map((p) => [p.name, PROPERTY_KINDS[p.kind]])))
    .safeParse(texts, {
      reportInput: true,
    });
  if (!read.success) return fail(formatIssues(read.error.issues, { root: 'configuration', secret }));
  const { params, fromOptions, clashes } = assemble(properties, given, read.data);
  if (clashes.length > 0) {
    return fail(
      clashes.map((key) => `configuration.options.${key}: set ${key} in its own property`).join('; '),
    );
  }
  const parsed = task.params.safeParse(params, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) =>
      fromOptions.has(String(issue.path[0])) || issue.code === 'unrecognized_keys'
        ? { ...issue, path: [OPTIONS, ...issue.path] }
        : issue,
    );
    return fail(formatIssues(issues, { root: 'configuration', secret }));
  }
  return { taskName: task.name, task, params: parsed.data };
}

/**
 * The parameters from the properties read: each property's value, and the keys of `options` — except
 * those naming a property of their own (`clashes`).
 */
function assemble(
  properties: readonly PropertyDefinition[],
  given: readonly PropertyDefinition[],
  values: Record<string, unknown>,
) {
  // Null prototype: an options key `__proto__` is a key like any other (the task's schema rejects it).
  const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const fromOptions = new Set<string>();
  const clashes: string[] = [];
  for (const property of given) {
    if (property.kind !== 'options') {
      params[property.name] = values[property.name];
      continue;
    }
    for (const [key, value] of Object.entries(values[property.name] as Record<string, unknown>)) {
      if (properties.some((p) => p.name === key)) clashes.push(key);
      else {
        params[key] = value;
        fromOptions.add(key);
      }
    }
  }
  return { params, fromOptions, clashes };
}
