import type { Failure, Notification } from '../model';
import {
  failureMessage,
  failurePlace,
  headline,
  originText,
  previousText,
  revisionLabel,
  triggerText,
} from './facts';

const plain = (_kind: 'name' | 'id', text: string) => text;

function failureLines(failures: Failure[], label: string): string[] {
  return failures.flatMap((f) => {
    const message = failureMessage(f);
    return [
      `${label}: ${failurePlace(f)}`,
      ...(message ? [`  ${message}`] : []),
      ...(f.url ? [`  ${f.url}`] : []),
    ];
  });
}

/**
 * The plain-text body (email, SMS-less `default`): a headline, what failed and why with links, the
 * change, the trigger, the previous run, where to look and how to retry.
 *
 * @example
 * ```text
 * Pipeline pipewright-prod FAILED after 12m 31s (execution 4f2c9a1e)
 * Failed: stage Deploy > action DeployApiCanary (CodeDeploy)
 *   Deployment d-PWFAIL042 failed: 3 of 4 canary checks failed
 * ```
 */
export function renderText(n: Notification): string {
  const lines = [headline(n, plain)];
  // Second, so that no cut for size can drop it: while the configuration is broken, every notification says so.
  if (n.configProblem) lines.push(`Configuration problem: ${n.configProblem}`);
  const origin = originText(n);
  if (origin) lines.push(`Account: ${origin}`);
  if (n.unenriched) lines.push(`Not enriched: ${n.unenriched}`);
  lines.push(...failureLines(n.failures, n.severity === 'warning' ? 'Stopped at' : 'Failed'));
  const previous = previousText(n);
  if (n.label === 'RECOVERED' && previous) {
    lines.push(`It ${previous}.`);
    lines.push(...failureLines(n.previous?.failures ?? [], 'Had failed'));
  }
  for (const r of n.revisions) {
    const label = revisionLabel(r, n.revisions.length > 1);
    lines.push(`Change: ${label}${r.summary ? ` "${r.summary}"` : ''}${r.url ? ` - ${r.url}` : ''}`);
  }
  lines.push(...n.facts);
  const trigger = triggerText(n);
  if (trigger) lines.push(`Triggered by: ${trigger}`);
  if (previous && n.label !== 'RECOVERED') lines.push(`Previous run: ${previous}`);
  for (const link of n.links) lines.push(`${link.label}: ${link.url}`);
  if (n.retryCommand) lines.push(`Retry: ${n.retryCommand}`);
  return `${lines.join('\n')}\n`;
}
