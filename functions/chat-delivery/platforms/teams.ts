import { headline } from '../../notifier/render/facts';
import type { OutlineFailure } from '../outline';
import { SEVERITY_STYLES } from '../style';
import type { Platform } from './platform';
import { foldLineBreaks } from '../../lib/text';

/**
 * Adaptive Card markdown for a text from the notification: what would make it bold or italic (`*`,
 * `_`, and `\` itself) backslash-escaped, and `](` — the middle of a link — broken the same way; line
 * breaks folded into spaces. Teams renders no other markdown (code spans show their backticks).
 */
const esc = (text: string) =>
  foldLineBreaks(text)
    .replace(/[\\*_]/g, (ch) => `\\${ch}`)
    .replace(/\]\(/g, ']\\(');

/** `[label](url)`, the URL's parentheses and spaces percent-encoded. */
const link = (url: string, label: string) => `[${esc(label)}](${url.replace(/[()\s]/g, encodeURIComponent)})`;

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});

function failureBlocks(label: string, f: OutlineFailure) {
  return [
    textBlock(`**${label}:** ${esc(f.place)}${f.url ? ` ${link(f.url, 'details')}` : ''}`),
    ...(f.message ? [textBlock(esc(f.message), { color: 'attention', spacing: 'None' })] : []),
  ];
}

/**
 * Microsoft Teams, through a Workflows (Power Automate) webhook ("Post to a channel when a webhook
 * request is received"): a `message` with one Adaptive Card 1.4 — a container in the severity's style
 * with the subject, the headline, each failure with its error, the recovery and changes, a fact set
 * (trigger, previous run), the retry command in monospace and an `Action.OpenUrl` per console link.
 * Workflows accept Adaptive Cards only, and their webhooks cannot reply in a thread.
 *
 * @example
 * ```ts
 * teams.render(outline); // { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {...} }] }
 * ```
 */
export const teams: Platform = {
  name: 'teams',
  label: 'Microsoft Teams',
  // Teams refuses a message over about 28 KB.
  maxBytes: 27_000,
  render(o) {
    const style = SEVERITY_STYLES[o.n.severity];
    const name = (kind: 'name' | 'id', text: string) => (kind === 'id' ? esc(text) : `**${esc(text)}**`);
    const facts = o.facts.flatMap((f) => (f.label ? [{ title: f.label, value: esc(f.text) }] : []));
    const notes = o.facts.flatMap((f) => (f.label ? [] : [textBlock(esc(f.text), { isSubtle: true })]));
    if (o.omitted) {
      notes.push(
        textBlock(`_Shortened to fit Microsoft Teams: ${esc(o.omitted)} not shown._`, { isSubtle: true }),
      );
    }
    const body = [
      {
        type: 'Container',
        style: style.teams,
        bleed: true,
        items: [textBlock(`${style.emoji} ${esc(o.title)}`, { weight: 'Bolder', size: 'Medium' })],
      },
      textBlock(headline(o.n, name)),
      ...(o.problem ? [textBlock(`**Configuration problem:** ${esc(o.problem)}`, { color: 'warning' })] : []),
      ...o.failures.flatMap((f) => failureBlocks(o.failureLabel, f)),
      ...(o.recovery
        ? [
            textBlock(esc(o.recovery.text)),
            ...o.recovery.failures.flatMap((f) => failureBlocks('Had failed', f)),
          ]
        : []),
      ...o.changes.map((c) =>
        textBlock(
          `**Change:** ${c.url ? link(c.url, c.label) : esc(c.label)}${c.summary ? ` ${esc(c.summary)}` : ''}`,
        ),
      ),
      ...notes,
      ...(facts.length ? [{ type: 'FactSet', facts }] : []),
      ...(o.retryCommand ? [textBlock(esc(o.retryCommand), { fontType: 'Monospace', isSubtle: true })] : []),
    ];
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      msteams: { width: 'Full' },
      body,
      actions: o.links.map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })),
    };
    return {
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
      ],
    };
  },
};
