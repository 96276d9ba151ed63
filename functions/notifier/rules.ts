import type { NotifierConfig } from './settings';
import type { EarlyVerdict, Notification, SkipReason } from './model';
import type { SourceDefinition } from './sources/define';

/**
 * True when `text` matches `pattern`, where `*` stands for any run of characters (no regular
 * expression: a pattern from Parameter Store cannot make matching slow). Greedy with one remembered
 * star, so at most pattern length × text length steps.
 *
 * @example
 * ```ts
 * matchesWildcard('prod-*', 'prod-api'); // true
 * ```
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function resourceFiltered(n: Notification, config: NotifierConfig): boolean {
  const matches = (patterns: string[]) => patterns.some((p) => matchesWildcard(p, n.resource));
  if (config.includeResources.length > 0 && !matches(config.includeResources)) return true;
  return matches(config.ignoreResources);
}

/**
 * The rules that need only the event: the resource filters (`include-resources`,
 * `ignore-resources`), then the event family's own rule (which states notify, events folded into
 * another notification...). Go on to enrichment, then {@link finalSkipReason}, unless it is a skip.
 */
export function earlyVerdict(
  n: Notification,
  family: Pick<SourceDefinition, 'earlySkip'>,
  config: NotifierConfig,
): EarlyVerdict {
  if (resourceFiltered(n, config)) return 'filtered-resource';
  return family.earlySkip(n, config);
}

/**
 * The usual family rule: the state must be one of `states` (a `notify-on-...-states` parameter).
 *
 * @example
 * ```ts
 * earlySkip: (n, config) => unlessListed(config.notifyOnDeploymentStates, n),
 * ```
 */
export function unlessListed(states: readonly string[], n: Notification): SkipReason | undefined {
  return states.includes(n.state) ? undefined : 'state-not-notified';
}

/**
 * True for a success whose previous completed run had failed (only families whose enrichment finds
 * the previous run, the pipeline's, set `previous`).
 */
export function isRecovery(n: Notification): boolean {
  return n.state === 'SUCCEEDED' && n.previous?.status === 'Failed';
}

/**
 * The rules that need enrichment: a recovery is marked (label, severity) when `notify-recovery` is on;
 * an event the family let through `'unless-recovery'` is skipped if it is not one.
 */
export function finalSkipReason(
  n: Notification,
  verdict: EarlyVerdict,
  config: NotifierConfig,
): SkipReason | undefined {
  if (config.notifyRecovery && isRecovery(n)) {
    n.label = 'RECOVERED';
    n.severity = 'recovered';
    return undefined;
  }
  if (verdict !== 'unless-recovery') return undefined;
  return n.previous ? 'success-after-success' : 'previous-run-unknown';
}
