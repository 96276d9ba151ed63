import type { NotifierConfig } from './config';
import type { Notification } from './model';

/** Why an event produced no notification (a low-cardinality metric dimension). */
export type SkipReason =
  | 'unsupported-event'
  | 'invalid-event'
  | 'filtered-resource'
  | 'state-not-notified'
  | 'folded-into-pipeline'
  | 'started-by-pipeline'
  | 'success-after-success'
  | 'previous-run-unknown';

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function resourceFiltered(n: Notification, config: NotifierConfig): boolean {
  const matches = (patterns: string[]) => patterns.some((p) => wildcard(p).test(n.resource));
  if (config.includeResources.length > 0 && !matches(config.includeResources)) return true;
  return matches(config.ignoreResources);
}

/**
 * The noise rules that need only the event: resource filters, the states that notify, stage/action
 * events folded into the pipeline's notification, builds started by a pipeline. Returns why to skip,
 * or `undefined` to go on (enrich, then {@link finalSkipReason}).
 */
export function earlySkipReason(n: Notification, config: NotifierConfig): SkipReason | undefined {
  if (resourceFiltered(n, config)) return 'filtered-resource';
  switch (n.scope) {
    case 'pipeline':
      if (n.state === 'SUCCEEDED' && config.notifyRecovery) return undefined;
      return config.notifyOnPipelineStates.includes(n.state) ? undefined : 'state-not-notified';
    case 'stage':
    case 'action':
      if (!config.includeStageAndActionEvents) return 'folded-into-pipeline';
      return n.severity === 'critical' ? undefined : 'state-not-notified';
    case 'build':
      if (!config.notifyOnBuildStates.includes(n.state)) return 'state-not-notified';
      return !config.notifyPipelineBuilds && n.trigger?.type.startsWith('codepipeline/')
        ? 'started-by-pipeline'
        : undefined;
    case 'deployment':
      return config.notifyOnDeploymentStates.includes(n.state) ? undefined : 'state-not-notified';
  }
}

/** True for a pipeline success whose previous completed run had failed. */
export function isRecovery(n: Notification): boolean {
  return n.scope === 'pipeline' && n.state === 'SUCCEEDED' && n.previous?.status === 'Failed';
}

/**
 * The rules that need enrichment: a pipeline success is announced only as a recovery (its previous
 * completed run failed), unless `SUCCEEDED` is listed in the states that notify. Marks a recovery
 * (label, severity) and returns why to skip otherwise.
 */
export function finalSkipReason(n: Notification, config: NotifierConfig): SkipReason | undefined {
  if (n.scope !== 'pipeline' || n.state !== 'SUCCEEDED') return undefined;
  if (config.notifyRecovery && isRecovery(n)) {
    n.label = 'RECOVERED';
    n.severity = 'recovered';
    return undefined;
  }
  if (config.notifyOnPipelineStates.includes('SUCCEEDED')) return undefined;
  return n.previous ? 'success-after-success' : 'previous-run-unknown';
}
