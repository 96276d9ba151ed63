import * as z from 'zod';
import { withConsoleRegion } from '../links';
import { caps, redactOptional } from '../redact';
import {
  codepipelineDetail,
  codepipelineNotification,
  codepipelineNouns,
  stageAndActionSettings,
  stageAndActionSkip,
} from './codepipeline';
import { defineSource } from './define';
import { incidental } from './tolerant';

const executionResult = z.object({
  'external-execution-id': incidental(z.string()),
  'external-execution-summary': incidental(z.string()),
  'external-execution-url': incidental(z.string()),
  'error-code': incidental(z.string()),
});

/**
 * `CodePipeline Action Execution State Change`: one action changed state. A finished action carries
 * `execution-result` (summary, error code, link to the build or deployment), which becomes the failure.
 */
export const actionExecution = defineSource({
  name: 'codepipeline-action',
  source: 'aws.codepipeline',
  detailType: 'CodePipeline Action Execution State Change',
  detail: codepipelineDetail.extend({
    stage: z.string().min(1),
    action: z.string().min(1),
    type: incidental(z.object({ provider: incidental(z.string()), category: incidental(z.string()) })),
    'execution-result': incidental(executionResult),
  }),
  nouns: codepipelineNouns,
  placement: { part: 'action' },
  enrichers: [],
  settings: stageAndActionSettings,
  earlySkip: stageAndActionSkip,
  build: (envelope, detail) => {
    const result = detail['execution-result'];
    const base = codepipelineNotification(envelope, detail, 'action');
    const failed = base.severity !== 'info';
    return {
      ...base,
      stage: detail.stage,
      action: detail.action,
      provider: detail.type?.provider,
      failures:
        failed && result
          ? [
              {
                stage: detail.stage,
                action: detail.action,
                provider: detail.type?.provider,
                code: redactOptional(result['error-code'], caps.name),
                summary: redactOptional(result['external-execution-summary'], caps.summary),
                url: withConsoleRegion(
                  redactOptional(result['external-execution-url'], caps.url),
                  base.region,
                ),
              },
            ]
          : [],
    };
  },
});
