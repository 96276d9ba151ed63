import { truncate } from '../../lib/text';
import type { Failure, Notification } from '../model';
import { escapeMarkdown } from '../formatting';
import {
  failureMessage,
  failurePlace,
  headline,
  originText,
  previousText,
  revisionLabel,
  subjectLine,
  triggerText,
} from './facts';

/** Amazon Q Developer in chat applications (AWS Chatbot) custom notification. */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
  };
}

/** Options of {@link renderChat}. */
export interface ChatOptions {
  /**
   * True: one chat thread per pipeline execution; false: one per pipeline. The notifier passes the
   * `chat-thread-per-execution` parameter (default there: `true`).
   */
  threadPerExecution: boolean;
}

const icons: Record<Notification['severity'], string> = {
  critical: ':x:',
  warning: ':warning:',
  recovered: ':white_check_mark:',
  info: ':information_source:',
};

const md = (kind: 'name' | 'id', text: string) =>
  kind === 'id' ? `\`${text}\`` : `*${escapeMarkdown(text)}*`;
/** A URL that cannot end a markdown link early (parentheses and spaces percent-encoded). */
const safeUrl = (url: string) => url.replace(/[()\s]/g, encodeURIComponent);
const link = (label: string, url: string) => `[${escapeMarkdown(label)}](${safeUrl(url)})`;

function failureLines(failures: Failure[], label: string): string[] {
  return failures.map((f) => {
    const message = failureMessage(f);
    const details = f.url ? ` ${link('details', f.url)}` : '';
    return `*${label}:* ${escapeMarkdown(failurePlace(f, ' → '))}${message ? `\n> ${escapeMarkdown(message)}` : ''}${details}`;
  });
}

/**
 * The chat version: the same facts as the text, as a title, a short markdown description and next
 * steps, threaded per account + pipeline + execution (or per account + pipeline). Every user-supplied
 * text is markdown-escaped.
 */
export function renderChat(n: Notification, options: ChatOptions): ChatNotification {
  const lines = [
    headline(n, md),
    // Second, so that the description's cut cannot drop it (see renderText).
    ...(n.configProblem ? [`*Configuration problem:* ${escapeMarkdown(n.configProblem)}`] : []),
    ...(originText(n) ? [`*Account:* ${escapeMarkdown(originText(n)!)}`] : []),
    ...(n.unenriched ? [`*Not enriched:* ${escapeMarkdown(n.unenriched)}`] : []),
    ...failureLines(n.failures, n.severity === 'warning' ? 'Stopped at' : 'Failed'),
  ];
  const previous = previousText(n);
  if (n.label === 'RECOVERED' && previous) {
    lines.push(`It ${escapeMarkdown(previous)}.`, ...failureLines(n.previous?.failures ?? [], 'Had failed'));
  }
  for (const r of n.revisions) {
    const id = `\`${revisionLabel(r, n.revisions.length > 1)}\``;
    lines.push(
      `*Change:* ${r.url ? `[${id}](${safeUrl(r.url)})` : id}${r.summary ? ` ${escapeMarkdown(r.summary)}` : ''}`,
    );
  }
  lines.push(...n.facts.map(escapeMarkdown));
  const trigger = triggerText(n);
  if (trigger) lines.push(`*Triggered by:* ${escapeMarkdown(trigger)}`);
  if (previous && n.label !== 'RECOVERED') lines.push(`*Previous run:* ${escapeMarkdown(previous)}`);
  const nextSteps = n.links.map((l) => `Open the ${link(l.label.toLowerCase(), l.url)}`);
  if (n.retryCommand) nextSteps.push(`Retry the failed actions: \`${n.retryCommand}\``);
  const thread =
    n.pipelineExecutionId && options.threadPerExecution
      ? `${n.resource}-${n.pipelineExecutionId}`
      : n.resource;
  return {
    version: '1.0',
    source: 'custom',
    id: `${n.source}-${n.executionId}-${n.state}`.slice(0, 250),
    content: {
      textType: 'client-markdown',
      title: truncate(`${icons[n.severity]} ${subjectLine(n)}`, 250),
      description: truncate(lines.join('\n'), 7_000),
      nextSteps,
      keywords: [n.label, n.source, n.resource].map((k) => truncate(k, 75)),
    },
    metadata: {
      threadId: truncate(`${n.source}-${n.account}-${thread}`, 250),
      summary: truncate(subjectLine(n), 250),
      eventType: `${n.source}-${n.scope}-${n.state}`.toLowerCase(),
      relatedResources: [n.arn],
    },
  };
}
