import type { TaskRegistry } from '../tasks/task';
import type { Job } from './event';
import type { JobResult } from './result';
import { type TaskRequest, readTaskRequest } from './task-selection';

/**
 * What differs between the ways a job reaches {@link runJob} (a Lambda invoke action, a custom action
 * type's job worker): how the job names its task and parameters, and whose role runs it. Parsing,
 * continuation, the deadline and reporting exactly once are the same for every delivery.
 *
 * @example
 * ```ts
 * const delivery: JobDelivery = {
 *   functionId: 'JobWorkerFunction',
 *   taskSource: 'the action type Pipewright-dev-AlarmGate',
 *   taskRequest: (job, registry) => requestFromProperties(alarmGateActionType, job, registry),
 *   jobIdAsExecutionId: true,
 * };
 * ```
 */
export interface JobDelivery {
  /** Logical id in template.yaml of the function whose role runs the task (a PermissionError names it). */
  readonly functionId: string;
  /** What names the task, as messages say it (`UserParameters`, `the action type Pipewright-dev-HttpCheck`). */
  readonly taskSource: string;
  /** The task the job asks for with its validated parameters, or the ConfigurationError saying why not. */
  taskRequest(job: Job, registry: TaskRegistry): TaskRequest;
  /**
   * Report the job id as `externalExecutionId` when the task names none, so that a link built from it
   * (a custom action type's `ExecutionUrlTemplate`) leads to the job's log lines (default: false).
   */
  readonly jobIdAsExecutionId?: boolean;
}

/**
 * The Lambda invoke action: UserParameters is `{"task": "<name>", ...parameters}`, and the task runs
 * with the role of PipelineActionFunction.
 *
 * @example
 * ```ts
 * await runJob(taskRegistry, jobOfInvokeEvent(event), context, invokeActionDelivery);
 * ```
 */
export const invokeActionDelivery: JobDelivery = {
  functionId: 'PipelineActionFunction',
  taskSource: 'UserParameters',
  taskRequest: (job, registry) =>
    readTaskRequest(job.data.actionConfiguration.configuration.UserParameters, registry),
};

/**
 * A result as `delivery` reports it: with the job id as `externalExecutionId` when the delivery asks
 * for it (`jobIdAsExecutionId`) and the task names none.
 *
 * @example
 * ```ts
 * await reportJobResult(jobId, asDelivered(delivery, jobId, result));
 * ```
 */
export function asDelivered(delivery: JobDelivery, jobId: string, result: JobResult): JobResult {
  if (!delivery.jobIdAsExecutionId || result.externalExecutionId) return result;
  return { ...result, externalExecutionId: jobId };
}
