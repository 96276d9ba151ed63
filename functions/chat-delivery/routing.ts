import type { Notification } from '../notifier/model';
import { matchesWildcard } from '../notifier/rules';
import type { ChannelFilters } from './channels';

const listed = (list: readonly string[], value: string) =>
  list.length === 0 || list.some((entry) => entry.toUpperCase() === value.toUpperCase());

/**
 * Whether a channel takes a notification: its source, severity and state (as the event says it,
 * `FAILURE`, or as labelled, `RECOVERED`) are among the channel's (an empty list takes all), its
 * resource matches one of `resources` (when set, `*` wildcards) and none of `ignore-resources`.
 *
 * @example
 * ```ts
 * wants({ ...noFilters, resources: ['*-prod'], severities: ['critical'] }, n); // prod failures only
 * ```
 */
export function wants(filters: ChannelFilters, n: Notification): boolean {
  const resource = (patterns: readonly string[]) => patterns.some((p) => matchesWildcard(p, n.resource));
  return (
    listed(filters.sources, n.source) &&
    listed(filters.severities, n.severity) &&
    (listed(filters.states, n.label) || listed(filters.states, n.state)) &&
    (filters.resources.length === 0 || resource(filters.resources)) &&
    !resource(filters.ignoreResources)
  );
}
