import { describeError } from '../../lib/errors';
import { currentScope } from '../../lib/invocation';
import { logger } from '../../lib/observability';
import type { Notification } from '../model';
import { deploymentError } from './deployment-error';
import type { Enricher } from './enricher';
import { failedActions } from './failed-actions';
import { pipelineHistory } from './pipeline-history';
import { sourceRevisions } from './source-revisions';

/**
 * Every enrichment, in the order they run (the history first: the others need to know whether a
 * success is a recovery). Adding one is adding a file and a line here.
 */
export const enrichers: readonly Enricher[] = [
  pipelineHistory,
  failedActions,
  sourceRevisions,
  deploymentError,
];

/**
 * Runs each applicable enricher on `n`. A failing one is logged (with why) and skipped: the
 * notification goes out without that part.
 */
export async function enrich(n: Notification): Promise<void> {
  for (const enricher of enrichers) {
    if (currentScope()?.signal.aborted) return; // out of time: the notification goes out as it is
    if (!enricher.appliesTo(n)) continue;
    try {
      await enricher.run(n);
    } catch (error) {
      logger.warn(`Enrichment ${enricher.name} failed; publishing without it`, {
        enricher: enricher.name,
        resource: n.resource,
        reason: describeError(error),
      });
    }
  }
}
