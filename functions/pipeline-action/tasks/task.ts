import type { FailureType } from '@aws-sdk/client-codepipeline';
import type * as z from 'zod';

/** Who is asking: the CodePipeline job and, in newer job events, its pipeline. */
export interface JobIdentity {
  jobId: string;
  accountId: string;
  pipelineName?: string;
  pipelineExecutionId?: string;
  stageName?: string;
  actionName?: string;
}

/** What a task can use while it runs. */
interface TaskContext<State> {
  /** Ids of the job (and pipeline, when the event carries them). */
  readonly job: JobIdentity;
  /** The state the task handed over last time (`undefined` on the first invocation of a job). */
  readonly previous: State | undefined;
  /** Milliseconds left before the task must return; hand over (`inProgress`) before it runs out. */
  remainingWorkMs(): number;
  /**
   * Reads one file from an input artifact zip, with the job's artifact credentials.
   * Throws a ConfigurationError naming the artifacts / zip entries when it is not there.
   */
  readInputArtifactFile(artifactName: string, pathInZip: string): Promise<Uint8Array>;
}

/** The task finished and the action succeeds. */
export interface TaskSucceeded {
  status: 'succeeded';
  /** One line for the console (at most 2048 characters are kept). */
  summary: string;
  /** Output variables for downstream actions (`#{Namespace.Key}`); validated before reporting (support/output-variables.ts). */
  outputVariables?: Record<string, string>;
  externalExecutionId?: string;
}

/** The task finished and the action fails. */
export interface TaskFailed {
  status: 'failed';
  /** What went wrong and what to do (at most 5000 characters are kept). */
  message: string;
  /** CodePipeline failure type (default: `JobFailed`). */
  type?: FailureType;
  externalExecutionId?: string;
}

/** The task is not done: the runtime hands `state` over through a continuation token. */
interface TaskInProgress<State> {
  status: 'inProgress';
  /** Small JSON-serialisable state; with its envelope it must fit in 2048 characters. */
  state: State;
  summary: string;
  /** 0–100. */
  percentComplete?: number;
  externalExecutionId?: string;
}

/** What a task run returns. */
export type TaskOutcome<State> = TaskSucceeded | TaskFailed | TaskInProgress<State>;

/**
 * A task: a name (the `task` key of UserParameters), a schema for the rest of UserParameters, a
 * schema for its continuation state, and `run`. One file per task, registered in `registry.ts`.
 *
 * @example
 * ```ts
 * export const pingTask = defineTask({
 *   name: 'ping',
 *   description: 'Always succeeds',
 *   params: z.strictObject({}),
 *   state: z.never(),
 *   run: async () => ({ status: 'succeeded', summary: 'pong' }),
 * });
 * ```
 */
export interface TaskDefinition<Params extends z.ZodType = z.ZodType, State = unknown> {
  readonly name: string;
  /** One line for docs and error messages. */
  readonly description: string;
  /** UserParameters minus `task`. */
  readonly params: Params;
  /** Continuation state; a token whose state does not match is rejected. */
  readonly state: z.ZodType<State>;
  run(params: z.output<Params>, ctx: TaskContext<State>): Promise<TaskOutcome<State>>;
}

/** Identity function that infers a task's parameter and state types. */
export function defineTask<Params extends z.ZodType, State>(
  task: TaskDefinition<Params, State>,
): TaskDefinition<Params, State> {
  return task;
}

/** Tasks by the name UserParameters uses (see `registry.ts`). */
export type TaskRegistry = ReadonlyMap<string, TaskDefinition>;
