import { codepipelineDetail, codepipelineNotification } from './codepipeline';
import { defineSource } from './define';

/** `CodePipeline Pipeline Execution State Change`: a pipeline execution started, failed, succeeded... */
export const pipelineExecution = defineSource({
  name: 'codepipeline-pipeline',
  source: 'aws.codepipeline',
  detailType: 'CodePipeline Pipeline Execution State Change',
  detail: codepipelineDetail,
  build: (envelope, detail) => codepipelineNotification(envelope, detail, 'pipeline'),
});
