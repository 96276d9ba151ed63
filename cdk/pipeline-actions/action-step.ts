import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  type CodePipelineActionFactoryResult,
  type ICodePipelineActionFactory,
  type ProduceActionOptions,
  Step,
} from 'aws-cdk-lib/pipelines';

/**
 * A CDK Pipelines step that runs a pipewright task as a Lambda invoke action (made by
 * `PipewrightPipelineActions.step`), e.g. an HTTP check after a stage's deployment.
 *
 * @example
 * ```ts
 * pipeline.addStage(prod, { post: [actions.step('SmokeTest', 'http-check', { url: 'https://api.example.com/health' })] });
 * ```
 */
export class PipewrightActionStep extends Step implements ICodePipelineActionFactory {
  constructor(
    id: string,
    private readonly fn: lambda.IFunction,
    private readonly userParameters: Record<string, unknown>,
  ) {
    super(id);
  }

  produceAction(stage: codepipeline.IStage, options: ProduceActionOptions): CodePipelineActionFactoryResult {
    stage.addAction(
      new actions.LambdaInvokeAction({
        actionName: options.actionName,
        runOrder: options.runOrder,
        lambda: this.fn,
        userParameters: this.userParameters,
      }),
    );
    return { runOrdersConsumed: 1 };
  }
}
