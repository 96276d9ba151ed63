import { truncate } from '../lib/text';
import type { Failure, Link, Notification } from '../notifier/model';
import {
  failureMessage,
  failurePlace,
  previousText,
  revisionLabel,
  subjectLine,
  triggerText,
} from '../notifier/render/facts';

/** A failed step as chat shows it: where (`stage Deploy → action DeployApiCanary (CodeDeploy)`), why, a link. */
export interface OutlineFailure {
  place: string;
  message?: string;
  url?: string;
}

/** A labelled one-liner (`Triggered by: Webhook`); a fact of the notification has no label. */
export interface OutlineFact {
  label?: string;
  text: string;
}

/**
 * What a chat message says, platform-neutral and still unescaped: each platform renders it in its own
 * format (Block Kit, an Adaptive Card, a Google Chat card). The same facts as the notifier's text, in
 * the same order, so that a cut for size takes from the end and never the failure.
 */
export interface Outline {
  /** The notification, for the headline and thread keys. */
  n: Notification;
  /** `[FAILED] pipewright-prod: Deploy / DeployApiCanary` (ASCII, under 100 characters). */
  title: string;
  /** What the notifier's configuration problem is, while it has one. */
  problem?: string;
  /** `Failed`, or `Stopped at` for a stop. */
  failureLabel: string;
  failures: OutlineFailure[];
  /** For a recovery: how long it was red, and what had failed. */
  recovery?: { text: string; failures: OutlineFailure[] };
  changes: { label: string; summary?: string; url?: string }[];
  facts: OutlineFact[];
  /** Console links with an http(s) URL (buttons need one). */
  links: Link[];
  retryCommand?: string;
  /** What a cut for size left out, in words (`2 more failures, 1 change`); absent when nothing was cut. */
  omitted?: string;
}

/** An http(s) URL a button or link can open, else `undefined` (a platform rejects a whole message for one bad URL). */
function openableUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 2_000 || !URL.canParse(url)) return undefined;
  const { protocol } = new URL(url);
  return protocol === 'https:' || protocol === 'http:' ? url : undefined;
}

const failureOf = (f: Failure): OutlineFailure => ({
  place: failurePlace(f, ' → '),
  message: failureMessage(f),
  url: openableUrl(f.url),
});

/**
 * The outline of a notification: headline facts, failures, the recovery, changes, facts, links and the
 * retry command.
 *
 * @example
 * ```ts
 * outlineOf(n).failures[0]; // { place: 'stage Deploy → action DeployApiCanary (CodeDeploy)', message: 'JobFailed: …', url: 'https://…' }
 * ```
 */
export function outlineOf(n: Notification): Outline {
  const previous = previousText(n);
  const recovered = n.label === 'RECOVERED';
  const trigger = triggerText(n);
  return {
    n,
    title: subjectLine(n),
    problem: n.configProblem,
    failureLabel: n.severity === 'warning' ? 'Stopped at' : 'Failed',
    failures: n.failures.map(failureOf),
    recovery:
      recovered && previous
        ? { text: `It ${previous}.`, failures: (n.previous?.failures ?? []).map(failureOf) }
        : undefined,
    changes: n.revisions.map((r) => ({
      label: revisionLabel(r, n.revisions.length > 1),
      summary: r.summary,
      url: openableUrl(r.url),
    })),
    facts: [
      ...n.facts.map((text) => ({ text })),
      ...(trigger ? [{ label: 'Triggered by', text: trigger }] : []),
      ...(previous && !recovered ? [{ label: 'Previous run', text: previous }] : []),
    ],
    links: n.links.flatMap((l) => {
      const url = openableUrl(l.url);
      return url ? [{ label: truncate(l.label, 75), url }] : [];
    }),
    retryCommand: n.retryCommand,
  };
}
