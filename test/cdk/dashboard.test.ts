import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PipewrightNotifier } from '../../cdk';
import { deliveryDashboardBody } from '../../cdk/description/dashboard';
import { chatDelivery } from '../../cdk/description/chat-delivery';
import { deployHook } from '../../cdk/description/deploy-hook';
import { notifier } from '../../cdk/description/notifier';
import { pipelineAction } from '../../cdk/description/pipeline-action';
import { deploy, REGION } from '../template/deployed';
import { synthesizePipewright } from './synth';

describe('PipewrightNotifier’s delivery dashboard', () => {
  const synth = synthesizePipewright();
  const template = Template.fromJSON(synth.template);
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = () => JSON.parse(String(synth.resolve(dashboard?.Properties.DashboardBody))) as unknown;
  const name = (fn: { node: { defaultChild?: unknown } }) =>
    String(synth.resolve({ Ref: synth.logicalId(fn) }));
  const queueName = (queue: { node: { defaultChild?: unknown } }) =>
    String(synth.resolve({ 'Fn::GetAtt': [synth.logicalId(queue), 'QueueName'] }));

  it('is named like template.yaml’s, after the stack', () => {
    const named = deploy({ stackName: 'pipewright-cdk' });
    expect(synth.resolve(dashboard?.Properties.DashboardName)).toBe(
      named.resolve(named.template.Resources.DeliveryDashboard!.Properties!.DashboardName),
    );
  });

  it('renders the description template.yaml is checked against, with the functions of every construct given the notifier', () => {
    const { notifier: n, actions, hook } = synth;
    const failureQueue = (fn: { node: { scope?: unknown } }) =>
      queueName((fn.node.scope as { node: { findChild(id: string): never } }).node.findChild('FailureQueue'));
    const shown = [
      [pipelineAction.service, actions.function],
      [deployHook.service, hook.function],
      [notifier.service, n.function],
      [chatDelivery.service, n.chatDeliveryFunction],
    ] as const;
    expect(body()).toEqual(
      deliveryDashboardBody({
        region: REGION,
        functions: shown.map(([service, fn]) => ({ service, name: name(fn) })),
        failureQueues: shown.map(([service, fn]) => ({ service, name: failureQueue(fn) })),
        eventsDeadLetterQueue: queueName(n.eventsDeadLetterQueue),
      }),
    );
  });

  it('is left out with dashboard: false', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NoDashboard');
    const built = new PipewrightNotifier(stack, 'Notifier', { dashboard: false });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(built.dashboard).toBeUndefined();
  });
});
