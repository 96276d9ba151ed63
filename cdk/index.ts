/**
 * pipewright as AWS CDK constructs: the same functions, guarantees and least privilege as template.yaml,
 * built from the same descriptions (cdk/description/). aws-cdk-lib and constructs are peer dependencies
 * (cdk/package.json). See the README section "Use it from CDK".
 */
export { PipewrightDeployHook, type PipewrightDeployHookProps } from './deploy-hook/deploy-hook';
export type { Settings } from './description/settings';
export type { AlarmedProps, AlarmPublisher, PipewrightBaseProps } from './function/props';
export { PipewrightNotifier, type PipewrightNotifierProps } from './notifier/notifier';
export { PipewrightActionStep } from './pipeline-actions/action-step';
export {
  PipewrightPipelineActions,
  type PipewrightPipelineActionsProps,
  type TaskActionOptions,
} from './pipeline-actions/pipeline-actions';
export type { TaskName, TaskParameters } from './pipeline-actions/task-parameters';
