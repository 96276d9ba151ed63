import * as z from 'zod';
import { loadConfig, setting } from '../lib/config';
import { describeError } from '../lib/errors';
import { logger } from '../lib/observability';

/**
 * The notifier's configuration: parameters under `<PIPEWRIGHT_CONFIG_PATH>/notifier/`, all optional.
 *
 * | parameter | default | meaning |
 * |---|---|---|
 * | `notify-on-pipeline-states` | `FAILED,STOPPED` | pipeline execution states that notify |
 * | `notify-recovery` | `true` | announce a SUCCEEDED execution whose previous run FAILED as recovered |
 * | `include-stage-and-action-events` | `false` | also send stage/action failures on their own (they are always folded into the pipeline's notification) |
 * | `notify-on-build-states` | `FAILED,FAULT,TIMED_OUT` | CodeBuild build states that notify |
 * | `notify-pipeline-builds` | `false` | also notify builds started by a pipeline (initiator `codepipeline/...`) |
 * | `notify-on-deployment-states` | `FAILURE,STOP` | CodeDeploy deployment states that notify |
 * | `include-resources` | (empty: all) | only these pipelines / projects / applications (`*` wildcards) |
 * | `ignore-resources` | (empty) | never these pipelines / projects / applications (`*` wildcards) |
 * | `chat-thread-per-execution` | `true` | one chat thread per pipeline execution (else one per pipeline) |
 */
export const notifierConfigSchema = setting.section({
  notifier: setting.section({
    notifyOnPipelineStates: setting.list(['FAILED', 'STOPPED']),
    notifyRecovery: setting.boolean(true),
    includeStageAndActionEvents: setting.boolean(false),
    notifyOnBuildStates: setting.list(['FAILED', 'FAULT', 'TIMED_OUT']),
    notifyPipelineBuilds: setting.boolean(false),
    notifyOnDeploymentStates: setting.list(['FAILURE', 'STOP']),
    includeResources: setting.list([]),
    ignoreResources: setting.list([]),
    chatThreadPerExecution: setting.boolean(true),
  }),
});

/** The notifier's configuration, defaults filled in. */
export type NotifierConfig = z.output<typeof notifierConfigSchema>['notifier'];

/**
 * Loads (cached) the notifier's configuration from Parameter Store. If it cannot be loaded or does
 * not validate, the defaults are used (and the problem logged): a broken parameter must not silence
 * failure notifications.
 */
export async function loadNotifierConfig(): Promise<NotifierConfig> {
  try {
    return (await loadConfig(notifierConfigSchema)).notifier;
  } catch (error) {
    logger.error(`Notifier configuration unusable, using defaults: ${describeError(error)}`);
    return defaultNotifierConfig();
  }
}

/** The configuration of a stack with nothing under its configuration path. */
export function defaultNotifierConfig(): NotifierConfig {
  return notifierConfigSchema.parse({}).notifier;
}
