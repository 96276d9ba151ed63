import type { PostedMessage } from './endpoint/world';

/** Keys whose string values a chat card shows as text (Block Kit, Adaptive Cards, Google Chat cards). */
const SHOWN = new Set(['text', 'title', 'topLabel', 'value']);

/** Every shown text of a JSON body, in document order (one line each). */
function shownTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) shownTexts(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && SHOWN.has(key) && value.trim())
        out.push(value.replace(/\s*\n\s*/g, ' ⏎ '));
      else shownTexts(value, out);
    }
  }
  return out;
}

/**
 * A posted chat message as a reader would skim it: its platform and size, then the texts it shows, in
 * order, one per line (the Slack fallback `text` and the card's header first), at most `lines` of them.
 *
 * @example
 * ```ts
 * chatPreview({ platform: 'Slack', body: '{"text":"[FAILED] p","attachments":[…]}' }, 6);
 * // ['── Slack (1911 bytes)', '[FAILED] p', '❌ [FAILED] p', 'Pipeline *p* FAILED …', …]
 * ```
 */
export function chatPreview(message: PostedMessage, lines = Number.POSITIVE_INFINITY): string[] {
  let texts: string[];
  try {
    texts = shownTexts(JSON.parse(message.body));
  } catch {
    texts = [message.body];
  }
  const more = texts.length > lines ? [`… (${texts.length - lines} more)`] : [];
  return [
    `── ${message.platform} (${Buffer.byteLength(message.body)} bytes)`,
    ...texts.slice(0, lines),
    ...more,
  ];
}
