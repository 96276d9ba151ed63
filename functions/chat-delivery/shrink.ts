import { countText, listText, truncate } from '../lib/text';
import type { Outline, OutlineFailure } from './outline';

/** How much of an outline one level of detail keeps: characters per text, and items per list. */
interface Detail {
  chars: number;
  failures: number;
  changes: number;
  facts: number;
  links: number;
  /** Keep the retry command and the recovery's failures. */
  extras: boolean;
}

/**
 * The levels of detail a message is tried at, fullest first; the last keeps the headline, the first
 * failure and one link, which fit every platform's limit whatever the notification holds.
 *
 * @example
 * ```ts
 * for (const detail of DETAIL_LEVELS) render(shrink(outline, detail)); // until one fits
 * ```
 */
export const DETAIL_LEVELS: readonly (Detail | undefined)[] = [
  undefined,
  { chars: 1_000, failures: 10, changes: 5, facts: 10, links: 5, extras: true },
  { chars: 300, failures: 3, changes: 1, facts: 3, links: 3, extras: true },
  { chars: 200, failures: 1, changes: 0, facts: 0, links: 1, extras: false },
];

const cut = (text: string | undefined, chars: number) =>
  text === undefined ? undefined : truncate(text, chars);

function cutFailure(f: OutlineFailure, chars: number): OutlineFailure {
  return { place: truncate(f.place, chars), message: cut(f.message, chars), url: f.url };
}

/**
 * The outline at a level of {@link DETAIL_LEVELS} (`undefined`: as it is): every text cut to the
 * level's characters, each list to its first items — failures first in, so the failure is the last
 * thing a cut takes — and `omitted` saying what was left out.
 *
 * @example
 * ```ts
 * shrink(outline, DETAIL_LEVELS[3]).omitted; // '4 more failures, 2 changes and 1 fact'
 * ```
 */
export function shrink(outline: Outline, detail: Detail | undefined): Outline {
  if (!detail) return outline;
  const { chars } = detail;
  const dropped: string[] = [];
  const keep = <T>(items: T[], max: number, noun: string, plural?: string): T[] => {
    if (items.length > max) dropped.push(countText(items.length - max, noun, plural));
    return items.slice(0, max);
  };
  const failures = keep(outline.failures, detail.failures, 'more failure');
  const changes = keep(outline.changes, detail.changes, 'change');
  const facts = keep(outline.facts, detail.facts, 'fact');
  const links = keep(outline.links, detail.links, 'link');
  if (!detail.extras && outline.retryCommand) dropped.push('the retry command');
  const n = outline.n;
  return {
    ...outline,
    n: {
      ...n,
      resource: truncate(n.resource, chars),
      executionId: truncate(n.executionId, chars),
      deploymentGroup: cut(n.deploymentGroup, chars),
      stage: cut(n.stage, chars),
      action: cut(n.action, chars),
    },
    problem: cut(outline.problem, chars),
    failures: failures.map((f) => cutFailure(f, chars)),
    recovery: outline.recovery && {
      text: truncate(outline.recovery.text, chars),
      failures: detail.extras ? outline.recovery.failures.slice(0, 1).map((f) => cutFailure(f, chars)) : [],
    },
    changes: changes.map((c) => ({ ...c, label: truncate(c.label, chars), summary: cut(c.summary, chars) })),
    facts: facts.map((f) => ({ ...f, text: truncate(f.text, chars) })),
    links,
    retryCommand: detail.extras ? cut(outline.retryCommand, chars) : undefined,
    omitted: dropped.length ? listText(dropped) : undefined,
  };
}
