import { describeError } from '../../lib/errors';
import { currentScope } from '../../lib/invocation';
import { logger } from '../../lib/observability';
import type { Notification } from '../model';
import type { Enricher } from './enricher';

/**
 * Runs each of `enrichers` (its family's, in their order) that applies to `n`. A failing one is logged
 * (with why) and skipped: the notification goes out without that part.
 */
export async function enrich(n: Notification, enrichers: readonly Enricher[]): Promise<void> {
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
