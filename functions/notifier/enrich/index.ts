import { transientKind } from '../../lib/aws/transient';
import { describeError } from '../../lib/errors';
import { currentScope } from '../../lib/invocation';
import { logger } from '../../lib/observability';
import { truncate } from '../../lib/text';
import type { Notification } from '../model';
import { type EnrichmentClients, enrichmentClients } from './clients';
import type { Enricher } from './enricher';

/** The longest reason a notification gives for going out unenriched (the logs have it in full). */
const REASON_CHARS = 300;

/**
 * A throttled call ends the event's enrichment: the rest would meet the same quota, and a burst of
 * events must not turn into a burst of retries. The notification says so in one line.
 */
function throttled(n: Notification, error: unknown): void {
  const call = (error as { awsCall?: string }).awsCall ?? 'an enrichment call';
  n.unenriched = `${call} was throttled (${error instanceof Error ? error.name : 'throttled'}); the rest of the enrichment was skipped`;
}

/**
 * Runs each of `enrichers` (its family's, in their order) that applies to `n`, with clients bound to the
 * event's account and region (see `enrichmentClients`; `home` is the notifier's own account). A failing
 * enricher is logged (with why) and skipped: the notification goes out without that part; a throttled
 * one ends the enrichment (`n.unenriched` says which call). When the
 * event's account cannot be read at all (its reader role cannot be assumed), no enricher runs and
 * `n.unenriched` says why in one line.
 */
export async function enrich(n: Notification, enrichers: readonly Enricher[], home?: string): Promise<void> {
  let aws: EnrichmentClients | undefined;
  for (const enricher of enrichers) {
    if (currentScope()?.signal.aborted) return; // out of time: the notification goes out as it is
    if (!enricher.appliesTo(n)) continue;
    try {
      aws ??= await enrichmentClients(n, home);
    } catch (error) {
      n.unenriched = truncate(error instanceof Error ? error.message : describeError(error), REASON_CHARS);
      logger.warn(`Publishing unenriched: ${describeError(error)}`, { account: n.account, region: n.region });
      return;
    }
    try {
      await enricher.run(n, aws);
    } catch (error) {
      logger.warn(`Enrichment ${enricher.name} failed; publishing without it`, {
        enricher: enricher.name,
        resource: n.resource,
        reason: describeError(error),
      });
      if (transientKind(error) === 'throttled') return throttled(n, error);
    }
  }
}
