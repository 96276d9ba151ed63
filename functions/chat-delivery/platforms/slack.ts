import { foldLineBreaks, truncate } from '../../lib/text';
import { headline } from '../../notifier/render/facts';
import type { Outline, OutlineFailure } from '../outline';
import { SEVERITY_STYLES } from '../style';
import { packLines, type Platform } from './platform';

/** Slack's limits: a section's text, a header's, a button's label, blocks per message. */
const SECTION_CHARS = 3_000;
const HEADER_CHARS = 150;
const CONTEXT_ELEMENTS = 10;
const BUTTONS = 25;
const MAX_BLOCKS = 50;

/**
 * Slack mrkdwn for a text from the notification: `&`, `<` and `>` escaped (Slack's only escapes: no
 * one-line value can open a link or a mention), line breaks folded into spaces.
 */
const esc = (text: string) =>
  foldLineBreaks(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `<url|label>`: the URL with the characters that would end it percent-encoded. */
const link = (url: string, label: string) =>
  `<${url.replace(/[|<>\s]/g, encodeURIComponent)}|${esc(label).replace(/\|/g, '¦')}>`;

/**
 * A mrkdwn text object, `verbatim`: Slack still renders the formatting and our `<url|label>` links,
 * but does not parse plain-text mentions or link-ify channel names in it (a build script's output
 * saying `@channel` must not page the channel).
 */
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const sections = (lines: string[]) =>
  packLines(lines, SECTION_CHARS).map((text) => ({ type: 'section', text: mrkdwn(text) }));

function failureText(label: string, f: OutlineFailure): string {
  const message = f.message ? `\n>${esc(f.message)}` : '';
  const details = f.url ? ` ${link(f.url, 'details')}` : '';
  return `*${label}:* ${esc(f.place)}${message}${details}`;
}

function factElements(o: Outline) {
  const facts = o.facts.map((f) => (f.label ? `*${esc(f.label)}:* ${esc(f.text)}` : esc(f.text)));
  if (o.omitted) facts.push(`_Shortened to fit Slack: ${esc(o.omitted)} not shown._`);
  const blocks = [];
  for (let start = 0; start < facts.length; start += CONTEXT_ELEMENTS) {
    const elements = facts.slice(start, start + CONTEXT_ELEMENTS).map((t) => mrkdwn(truncate(t, 2_000)));
    blocks.push({ type: 'context', elements });
  }
  return blocks;
}

/**
 * Slack incoming webhooks: Block Kit inside an attachment whose bar has the severity's colour — a
 * header with the subject, sections with the headline, the failures and their errors, the recovery and
 * the changes, context lines with the facts (trigger, previous run), the retry command, and a button
 * per console link — with the subject as the `text` notifications show. Webhooks post one message
 * each: they cannot reply in a thread.
 *
 * @example
 * ```ts
 * slack.render(outline); // { text: '[FAILED] pipewright-prod: …', attachments: [{ color: '#d93025', blocks: [...] }] }
 * ```
 */
export const slack: Platform = {
  name: 'slack',
  label: 'Slack',
  // Slack takes `text` up to 40,000 characters and 50 blocks; a message this size is already long to read.
  maxBytes: 40_000,
  render(o) {
    const style = SEVERITY_STYLES[o.n.severity];
    const name = (kind: 'name' | 'id', text: string) =>
      kind === 'id' ? `\`${esc(text)}\`` : `*${esc(text)}*`;
    const blocks = [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(`${style.emoji} ${o.title}`, HEADER_CHARS), emoji: true },
      },
      ...sections([headline(o.n, name)]),
      ...(o.problem ? sections([`*Configuration problem:* ${esc(o.problem)}`]) : []),
      ...sections(o.failures.map((f) => failureText(o.failureLabel, f))),
      ...(o.recovery
        ? sections([esc(o.recovery.text), ...o.recovery.failures.map((f) => failureText('Had failed', f))])
        : []),
      ...sections(
        o.changes.map((c) => {
          const id = c.url ? link(c.url, c.label) : `\`${esc(c.label)}\``;
          return `*Change:* ${id}${c.summary ? ` ${esc(c.summary)}` : ''}`;
        }),
      ),
      ...factElements(o),
      ...(o.retryCommand ? sections([`*Retry:*\n\`\`\`${esc(o.retryCommand)}\`\`\``]) : []),
      ...(o.links.length
        ? [
            {
              type: 'actions',
              elements: o.links.slice(0, BUTTONS).map((l) => ({
                type: 'button',
                text: { type: 'plain_text', text: truncate(l.label, 75) },
                url: l.url,
              })),
            },
          ]
        : []),
    ];
    return { text: esc(o.title), attachments: [{ color: style.color, blocks }] };
  },
  valid: (body) =>
    ((body as { attachments?: { blocks?: unknown[] }[] }).attachments?.[0]?.blocks?.length ?? 0) <=
    MAX_BLOCKS,
};
