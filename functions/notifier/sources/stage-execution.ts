import * as z from 'zod';
import {
  codepipelineDetail,
  codepipelineNotification,
  codepipelineNouns,
  stageAndActionSettings,
  stageAndActionSkip,
} from './codepipeline';
import { defineSource } from './define';

/** `CodePipeline Stage Execution State Change`: one stage of an execution changed state. */
export const stageExecution = defineSource({
  name: 'codepipeline-stage',
  source: 'aws.codepipeline',
  detailType: 'CodePipeline Stage Execution State Change',
  detail: codepipelineDetail.extend({ stage: z.string().min(1) }),
  nouns: codepipelineNouns,
  placement: { part: 'stage' },
  enrichers: [],
  settings: stageAndActionSettings,
  earlySkip: stageAndActionSkip,
  build: (envelope, detail) => ({
    ...codepipelineNotification(envelope, detail, 'stage'),
    stage: detail.stage,
  }),
});
