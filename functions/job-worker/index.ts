import { instrument } from '../lib/observability';
import { actionTypeRegistry } from './action-types/registry';
import { jobWorker } from './worker';

/** Job worker of the custom action types: polls, acknowledges, runs and reports their jobs. */
export const handler = instrument(jobWorker(actionTypeRegistry));
