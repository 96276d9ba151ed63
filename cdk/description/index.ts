import { chatDelivery } from './chat-delivery';
import { deployHook } from './deploy-hook';
import type { FunctionDescription } from './function-description';
import { jobWorker } from './job-worker';
import { notifier } from './notifier';
import { pipelineAction } from './pipeline-action';

/**
 * Every pipewright function, by its logical id in template.yaml. Add a function: a file describing it
 * (like pipeline-action.ts) and a line here; test/template/function-descriptions.test.ts then checks
 * template.yaml against it.
 */
export const functionDescriptions: readonly FunctionDescription[] = [
  pipelineAction,
  deployHook,
  notifier,
  chatDelivery,
  jobWorker,
];
