import type { Notification } from '../model';
import type { EnrichmentClients } from './clients';

/**
 * One optional enrichment: an AWS call that adds to a notification what its event does not say. Each
 * event family lists the enrichers of its notifications (`enrichers` in `sources/*.ts`). A failing
 * enricher is logged and skipped; the notification is published without its part.
 */
export interface Enricher {
  /** Name in logs (`failed-actions`). */
  readonly name: string;
  /** True when this enrichment is useful for this notification of a family that lists it (by severity...). */
  appliesTo(n: Notification): boolean;
  /**
   * Adds to `n` (in place), reading with `aws`: clients bound to the event's account and region. May
   * throw: the caller logs why and goes on.
   */
  run(n: Notification, aws: EnrichmentClients): Promise<void>;
}
