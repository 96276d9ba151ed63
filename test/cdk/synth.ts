import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { PipewrightDeployHook, PipewrightNotifier, PipewrightPipelineActions } from '../../cdk';
import type { StackResource } from '../../cdk/description/scope';
import type { Settings } from '../../cdk/description/settings';
import type { CfnTemplate } from '../../local/template/cfn-yaml';
import { resolve } from '../../local/template/intrinsics';
import { REGION } from '../template/deployed';

/** A synthesized stack holding the three constructs, and its template resolved for one deployment. */
export interface SynthesizedPipewright {
  stack: Stack;
  notifier: PipewrightNotifier;
  actions: PipewrightPipelineActions;
  hook: PipewrightDeployHook;
  /** The synthesized template (JSON). */
  template: CfnTemplate;
  /** Resolves the template's intrinsics as stack `pipewright-cdk` in the template tests' account and region. */
  resolve(value: unknown): unknown;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: { node: { defaultChild?: unknown } }): string;
  /** The logical ids of the resources a description names. */
  resourceIds: Record<StackResource, string>;
}

/**
 * Synthesizes a stack with a notifier, the pipeline actions and the deploy hook (sharing the notifier's
 * failure queue key and publishing their alarms to its topic), in process and without bundling.
 *
 * @example
 * ```ts
 * const { template } = synthesizePipewright({ configPath: '/team/prod/' });
 * ```
 */
export function synthesizePipewright(settings: Partial<Settings> = {}): SynthesizedPipewright {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'PipewrightCdk', { stackName: 'pipewright-cdk' });
  const notifier = new PipewrightNotifier(stack, 'Notifier', settings);
  const shared = { ...settings, notifier, failureQueueKey: notifier.failureQueueKey };
  const actions = new PipewrightPipelineActions(stack, 'Actions', shared);
  const hook = new PipewrightDeployHook(stack, 'Hook', shared);
  const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const ctx = { template, parameters: {}, region: REGION, stackName: stack.stackName };
  return {
    stack,
    notifier,
    actions,
    hook,
    template,
    resolve: (value) => resolve(ctx, value),
    logicalId,
    resourceIds: {
      NotificationTopic: logicalId(notifier.topic),
      NotificationKey: logicalId(notifier.notificationKey),
    },
  };
}
