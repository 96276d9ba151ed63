import { countText, formatDuration } from '../../lib/text';
import type { Failure, Notification, Revision } from '../model';
import { asciiLine } from '../formatting';

/** An id short enough to read (`4f2c9a1e` for a UUID; build ids keep their project prefix off). */
function shortId(id: string): string {
  const uuid = /^([0-9a-f]{8})-[0-9a-f]{4}-/i.exec(id.replace(/^.*:/, ''));
  return uuid ? uuid[1]! : id;
}

/** Where the notification points: `Deploy / DeployApiCanary`, a build phase, a deployment id. */
function where(n: Notification): string | undefined {
  if (n.stage) return n.action ? `${n.stage} / ${n.action}` : n.stage;
  const failure = n.failures[0];
  if (failure?.stage) return failure.action ? `${failure.stage} / ${failure.action}` : failure.stage;
  if (n.placement.runInSubject) return n.executionId;
  return failure?.action;
}

/**
 * Which account and region the event is of — `payments-prod (210987654321), us-east-1`, the name from
 * `account-aliases` — for an event of another account or region than the notifier's, or of an account
 * with an alias; `undefined` for the notifier's own events (a single-account stack's messages stay as they were).
 */
export function originText(n: Notification): string | undefined {
  if (!n.elsewhere && !n.accountAlias) return undefined;
  return `${n.accountAlias ? `${n.accountAlias} (${n.account})` : n.account}, ${n.region}`;
}

/**
 * The SNS Subject: `[FAILED] pipewright-prod: Deploy / DeployApiCanary` — printable ASCII, one line,
 * under 100 characters; the account (or its alias) and region follow the resource when {@link originText}
 * names them: `[FAILED] orders-prod (payments-prod, us-east-1): Deploy / DeployApi`.
 */
export function subjectLine(n: Notification): string {
  const place = where(n);
  const origin = originText(n) ? ` (${n.accountAlias ?? n.account}, ${n.region})` : '';
  const line = asciiLine(`[${n.label}] ${n.resource}${origin}${place ? `: ${place}` : ''}`);
  return line.length > 99 ? `${line.slice(0, 96)}...` : line;
}

/** `Pipeline pipewright-prod FAILED after 12m 31s (execution 4f2c9a1e)`; `format` styles names and ids. */
export function headline(n: Notification, format: (kind: 'name' | 'id', text: string) => string): string {
  const noun = n.nouns;
  const { part } = n.placement;
  const place = part ? ` ${part} ${format('name', where(n) ?? '')}` : '';
  const state = n.label === 'RECOVERED' ? `RECOVERED (${n.state})` : n.label;
  const after = n.durationMs !== undefined ? ` after ${formatDuration(n.durationMs)}` : '';
  const group = n.deploymentGroup ? `, group ${format('name', n.deploymentGroup)}` : '';
  return `${noun.resource} ${format('name', n.resource)}${place} ${state}${after} (${noun.run} ${format('id', shortId(n.executionId))}${group})`;
}

/** `stage Deploy > action DeployApiCanary (CodeDeploy)` (chat uses an arrow: `>` starts a quote). */
export function failurePlace(f: Failure, separator = ' > '): string {
  const parts = [
    f.stage && `stage ${f.stage}`,
    f.action && (f.stage ? `action ${f.action}` : f.action),
  ].filter(Boolean);
  return `${parts.join(separator) || 'unknown step'}${f.provider ? ` (${f.provider})` : ''}`;
}

/** `JobFailed: Build terminated with state: FAILED`. */
export function failureMessage(f: Failure): string | undefined {
  if (!f.summary && !f.code) return undefined;
  return f.code && f.summary && !f.summary.startsWith(f.code)
    ? `${f.code}: ${f.summary}`
    : (f.summary ?? f.code);
}

/** `Webhook (arn:aws:codestar-connections:...)`. */
export function triggerText(n: Notification): string | undefined {
  if (!n.trigger) return undefined;
  return n.trigger.detail ? `${n.trigger.type} (${n.trigger.detail})` : n.trigger.type;
}

/** `SUCCEEDED (execution 1a2b3c4d)` for failures; the red streak for recoveries. */
export function previousText(n: Notification): string | undefined {
  const previous = n.previous;
  if (!previous) return undefined;
  if (n.label === 'RECOVERED') {
    // A red streak of unknown start (or one that, by the clocks, started after this event) has no length to show.
    const red = previous.redSince === undefined ? Number.NaN : n.time - previous.redSince;
    const since = Number.isFinite(red) && red >= 0 ? ` for ${formatDuration(red)}` : '';
    const runs = previous.failedRuns ?? 1;
    return `had been failing${since} (${countText(runs, 'failed run')}, last ${shortId(previous.executionId)})`;
  }
  return `${previous.status.toUpperCase()} (execution ${shortId(previous.executionId)})`;
}

/** `9f1c2ab` for a git commit, the id as is otherwise; prefixed by the artifact name when there are several. */
export function revisionLabel(r: Revision, several: boolean): string {
  const id = /^[0-9a-f]{40}$/i.test(r.id) ? r.id.slice(0, 7) : r.id;
  return several && r.name ? `${r.name} ${id}` : id;
}
