import { Stack, type StackProps } from 'aws-cdk-lib';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { PipewrightNotifier, PipewrightPipelineActions } from '../../cdk';
import { OrdersStage } from './orders-stage';

/**
 * A CDK Pipelines pipeline that deploys {@link OrdersStage} and smoke-tests it with a pipewright http-check,
 * with the pipewright notifier telling the team about failed (and recovered) runs.
 */
export class PipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const settings = { configPath: '/pipewright/prod/', logRetentionDays: 90 };
    const notifier = new PipewrightNotifier(this, 'Notifier', {
      ...settings,
      notificationEmail: 'delivery-team@example.com',
      displayName: 'pipewright orders',
    });
    const pipewright = new PipewrightPipelineActions(this, 'Pipewright', {
      ...settings,
      notifier,
      failureQueueKey: notifier.failureQueueKey,
    });
    const pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: 'orders',
      synth: new pipelines.ShellStep('Synth', {
        input: pipelines.CodePipelineSource.connection('example-org/orders', 'main', {
          connectionArn: `arn:aws:codeconnections:${this.region}:${this.account}:connection/example`,
        }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });
    pipeline.addStage(new OrdersStage(this, 'Prod'), {
      post: [
        pipewright.step('SmokeTest', 'http-check', {
          url: 'https://orders.example.com/health',
          expectStatus: [200],
          expectJson: { path: 'status', equals: 'ok' },
          attempts: 6,
        }),
      ],
    });
  }
}
