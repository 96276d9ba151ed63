import type { JobDelivery } from '../pipeline-action/job/delivery';
import type { TaskDefinition } from '../pipeline-action/tasks/task';
import type { DeclaredType } from './declared';
import { requestFromProperties } from './properties';

/**
 * The task handed over without running it: a continuation keeping the state it was given (none for a
 * job that never started), so that the next worker runs it from where it stood.
 */
function handedOver(task: TaskDefinition): TaskDefinition {
  return {
    ...task,
    run: async (_params, ctx) => ({
      status: 'inProgress',
      state: ctx.previous,
      summary:
        'Waiting for a worker with time to run it (this one had too little left); the next sweep picks it up',
    }),
  };
}

/**
 * How the job worker delivers a job of a declared custom action type to the job runner: the task and
 * its parameters come from the action's configuration properties, the role is JobWorkerFunction's, and
 * the job id stands in for a missing `externalExecutionId` (the type's ExecutionUrlTemplate links the
 * worker's log lines with it). With `startNow` false the job is handed over unstarted — its
 * configuration still checked, so a mistake fails at once.
 *
 * @example
 * ```ts
 * await runJob(tasks, { id: job.id, raw: job.raw }, context, workerDelivery(job.type, true));
 * ```
 */
export function workerDelivery(type: DeclaredType, startNow: boolean): JobDelivery {
  return {
    functionId: 'JobWorkerFunction',
    taskSource: `the action type ${type.id.provider}`,
    jobIdAsExecutionId: true,
    taskRequest(job) {
      const request = requestFromProperties(type.definition, job.data.actionConfiguration.configuration);
      return startNow || request.error ? request : { ...request, task: handedOver(request.task) };
    },
  };
}
