import { setting } from '../../lib/config';
import { failedActions } from '../enrich/failed-actions';
import { pipelineHistory } from '../enrich/pipeline-history';
import { sourceRevisions } from '../enrich/source-revisions';
import { unlessListed } from '../rules';
import { codepipelineDetail, codepipelineNotification, codepipelineNouns } from './codepipeline';
import { defineSource } from './define';

/**
 * The states CodePipeline emits for a pipeline execution (EventBridge event reference, "Monitoring
 * CodePipeline events"): `notify-on-pipeline-states` entries must be among them.
 */
export const PIPELINE_STATES = [
  'CANCELED',
  'FAILED',
  'RESUMED',
  'STARTED',
  'STOPPED',
  'STOPPING',
  'SUCCEEDED',
  'SUPERSEDED',
] as const;

/**
 * `CodePipeline Pipeline Execution State Change`: a pipeline execution started, failed, succeeded...
 * `notify-on-pipeline-states` (default `FAILED,STOPPED`) says which states notify; a `SUCCEEDED`
 * execution not listed there goes on only to be announced as a recovery (`notify-recovery`).
 */
export const pipelineExecution = defineSource({
  name: 'codepipeline-pipeline',
  source: 'aws.codepipeline',
  detailType: 'CodePipeline Pipeline Execution State Change',
  detail: codepipelineDetail,
  nouns: codepipelineNouns,
  // The history first: the others need to know whether a success is a recovery.
  enrichers: [pipelineHistory, failedActions, sourceRevisions],
  settings: { notifyOnPipelineStates: setting.list(['FAILED', 'STOPPED'], { of: PIPELINE_STATES }) },
  earlySkip: (n, config) => {
    const skip = unlessListed(config.notifyOnPipelineStates, n);
    return skip && n.state === 'SUCCEEDED' && config.notifyRecovery ? 'unless-recovery' : skip;
  },
  build: (envelope, detail) => codepipelineNotification(envelope, detail, 'pipeline'),
  countsDeliveries: true,
});
