import { headline } from '../../notifier/render/facts';
import type { Outline, OutlineFailure } from '../outline';
import { SEVERITY_STYLES } from '../style';
import type { Platform } from './platform';
import { foldLineBreaks } from '../../lib/text';

/** Card text (an HTML subset) for a text from the notification: `&`, `<`, `>` escaped, line breaks folded. */
const esc = (text: string) =>
  foldLineBreaks(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const href = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '%22');
const anchor = (url: string, label: string) => `<a href="${href(url)}">${esc(label)}</a>`;
const paragraph = (text: string) => ({ textParagraph: { text } });
const openLink = (url: string) => ({ openLink: { url } });

function failureWidget(label: string, f: OutlineFailure) {
  return {
    decoratedText: {
      topLabel: `${label}: ${f.place}`,
      text: f.message ? esc(f.message) : '(no error message)',
      wrapText: true,
      ...(f.url ? { button: { text: 'Details', onClick: openLink(f.url) } } : {}),
    },
  };
}

/** `123456789012 · eu-west-1`: where the notification comes from (hubs watch several accounts). */
const where = (o: Outline) => [o.n.account, o.n.region].filter(Boolean).join(' · ') || undefined;

/** One thread per pipeline execution (per resource for the other families), as the Chatbot message has. */
const threadKey = (o: Outline) =>
  [o.n.source, o.n.resource, o.n.pipelineExecutionId].filter(Boolean).join('-');

/**
 * Google Chat incoming webhooks: a `cardsV2` card — the subject as its header, the headline in the
 * severity's colour, each failure with its error and a details button, the recovery and changes, the
 * facts, the retry command and a button per console link — with the subject as `fallbackText`. Posts
 * reply in one thread per pipeline execution (`thread.threadKey` with
 * `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`), which webhooks allow.
 *
 * @example
 * ```ts
 * googleChat.render(outline); // { fallbackText: '[FAILED] …', cardsV2: [{ cardId: 'pipewright', card: {...} }], thread: {...} }
 * ```
 */
export const googleChat: Platform = {
  name: 'google-chat',
  label: 'Google Chat',
  // Google Chat refuses a message over 32,000 bytes.
  maxBytes: 32_000,
  render(o) {
    const style = SEVERITY_STYLES[o.n.severity];
    const name = (kind: 'name' | 'id', text: string) =>
      kind === 'id' ? `<i>${esc(text)}</i>` : `<b>${esc(text)}</b>`;
    const facts = o.facts.map((f) =>
      paragraph(f.label ? `<b>${esc(f.label)}:</b> ${esc(f.text)}` : esc(f.text)),
    );
    if (o.omitted) facts.push(paragraph(`<i>Shortened to fit Google Chat: ${esc(o.omitted)} not shown.</i>`));
    const sections = [
      {
        widgets: [
          paragraph(`<font color="${style.color}">${headline(o.n, name)}</font>`),
          ...(o.problem ? [paragraph(`<b>Configuration problem:</b> ${esc(o.problem)}`)] : []),
        ],
      },
      { widgets: o.failures.map((f) => failureWidget(o.failureLabel, f)) },
      {
        widgets: o.recovery
          ? [
              paragraph(esc(o.recovery.text)),
              ...o.recovery.failures.map((f) => failureWidget('Had failed', f)),
            ]
          : [],
      },
      {
        widgets: [
          ...o.changes.map((c) =>
            paragraph(
              `<b>Change:</b> ${c.url ? anchor(c.url, c.label) : esc(c.label)}${c.summary ? ` ${esc(c.summary)}` : ''}`,
            ),
          ),
          ...facts,
          ...(o.retryCommand
            ? [paragraph(`<b>Retry:</b> <font color="#5f6368">${esc(o.retryCommand)}</font>`)]
            : []),
        ],
      },
      {
        widgets: o.links.length
          ? [{ buttonList: { buttons: o.links.map((l) => ({ text: l.label, onClick: openLink(l.url) })) } }]
          : [],
      },
    ].filter((section) => section.widgets.length > 0);
    return {
      fallbackText: o.title,
      cardsV2: [
        {
          cardId: 'pipewright',
          card: { header: { title: `${style.emoji} ${o.title}`, subtitle: where(o) }, sections },
        },
      ],
      thread: { threadKey: threadKey(o).slice(0, 4_000) },
    };
  },
  postUrl(webhook) {
    const url = new URL(webhook);
    url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    return url;
  },
};
