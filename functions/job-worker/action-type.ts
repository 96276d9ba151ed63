import type * as z from 'zod';
import type { TaskDefinition } from '../pipeline-action/tasks/task';

/**
 * The category of every pipewright custom action type: `Invoke`, where the Lambda invoke action that
 * runs the same tasks is (and where the pipeline editor lists them beside it).
 */
export const ACTION_CATEGORY = 'Invoke';

/**
 * How a configuration property's text (CodePipeline hands every value over as text) becomes the task
 * parameter of the same name: `text` as it is, `number`, `boolean` (`true` / `false`), `list`
 * (comma-separated texts), `numbers` (comma-separated numbers), `json` (any JSON value), `options` (a
 * JSON object of the task's other parameters: AWS allows at most 10 properties per action type).
 */
export type PropertyKind = 'text' | 'number' | 'boolean' | 'list' | 'numbers' | 'json' | 'options';

/** One configuration property of a custom action type. */
export interface PropertyDefinition<Key extends string = string> {
  /** The property's name: the UserParameters key it sets (`options`: the task's other keys). */
  readonly name: Key | 'options';
  readonly kind: PropertyKind;
  /** Declared `Required` (default: false): only parameters every job needs, never one of two that exclude each other. */
  readonly required?: boolean;
  /** Declared `Secret` (default: false): kept out of the pipeline structure GetPipeline returns (headers, bodies). */
  readonly secret?: boolean;
}

/** A built-in task offered as a custom action type: its artifacts and properties. */
export interface ActionTypeDefinition {
  readonly task: TaskDefinition;
  /** How many input artifacts an action of this type takes (default: none). */
  readonly inputArtifacts?: { readonly minimum: number; readonly maximum: number };
  readonly properties: readonly PropertyDefinition[];
}

/**
 * Declares the custom action type of a task, its property names checked against the task's
 * parameters. One file per task in `action-types/`, listed in `action-types/registry.ts`; the
 * `AWS::CodePipeline::CustomActionType` of template.yaml must match it (test/template checks).
 *
 * @example
 * ```ts
 * export const alarmGateActionType = defineActionType(alarmGateTask, {
 *   properties: [{ name: 'alarms', kind: 'list' }, { name: 'alarmPrefix', kind: 'text' }],
 * });
 * ```
 */
export function defineActionType<Params extends z.ZodType, State>(
  task: TaskDefinition<Params, State>,
  type: Omit<ActionTypeDefinition, 'task' | 'properties'> & {
    properties: readonly PropertyDefinition<Extract<keyof z.input<Params>, string>>[];
  },
): ActionTypeDefinition {
  return { ...type, task: task as unknown as TaskDefinition };
}

/**
 * The task's part of its provider name: `http-check` → `HttpCheck` (the whole name is the stack's
 * `PIPEWRIGHT_ACTION_PROVIDER_PREFIX` and this, e.g. `Pipewright-prod-HttpCheck`).
 *
 * @example
 * ```ts
 * providerSuffix('change-calendar-gate'); // 'ChangeCalendarGate'
 * ```
 */
export function providerSuffix(taskName: string): string {
  return taskName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
