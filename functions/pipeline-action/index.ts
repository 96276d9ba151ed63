import { instrument } from '../lib/observability';
import { jobRuntime } from './job/runtime';
import { taskRegistry } from './tasks/registry';

/** CodePipeline Lambda invoke action: runs the task named in UserParameters and reports the job result. */
export const handler = instrument(jobRuntime(taskRegistry));
