import { truncate, utf8Bytes } from '../lib/text';
import type { RenderedNotification } from './publish';

const MARKER = '\n[truncated: the notification was too large for SNS]';

/** A string field of an unknown object (`pick(chat, 'content', 'title')`), cut to `maxChars`. */
function pick(value: unknown, ...path: string[]): string {
  let at = value;
  for (const key of path)
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'string' ? truncate(at, 250) : '';
}

/**
 * The last resort of {@link buildMessage} when cutting the parts was not enough (text that JSON
 * escaping blows up, such as control characters): a `MessageStructure: json` envelope whose chat and
 * model parts hold a few short fields only, and whose text is the longest start of the text that keeps
 * the WHOLE envelope, measured after JSON encoding, within `maxBytes`.
 */
export function minimalMessage(rendered: RenderedNotification, maxBytes: number): string {
  const { model, chat, text } = rendered;
  const modelPart = JSON.stringify({
    truncated: true,
    ...Object.fromEntries(
      (['source', 'scope', 'resource', 'state', 'label', 'severity', 'region', 'account'] as const).map(
        (key) => [key, pick(model, key)],
      ),
    ),
    executionId: pick(model, 'executionId'),
    time: Number.isFinite(model.time) ? model.time : undefined,
  });
  const title = pick(chat, 'content', 'title') || truncate(rendered.subject, 250);
  const chatPart = (description: string) =>
    JSON.stringify({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown', title, description, nextSteps: [] },
      metadata: {
        threadId: pick(chat, 'metadata', 'threadId') || title,
        summary: pick(chat, 'metadata', 'summary') || title,
      },
    });
  const envelope = (cut: string) =>
    JSON.stringify({
      default: cut,
      email: cut,
      https: chatPart(truncate(cut, 1_000)),
      sqs: modelPart,
      lambda: modelPart,
    });
  // Binary search of the longest start of the text that fits (any longer than maxBytes cannot).
  const startOf = (chars: number) => {
    const end = /[\ud800-\udbff]/.test(text.charAt(chars - 1)) ? chars - 1 : chars;
    return text.slice(0, end) + MARKER;
  };
  let fits = 0;
  let tooLong = Math.min(text.length, maxBytes) + 1;
  while (tooLong - fits > 1) {
    const mid = Math.floor((fits + tooLong) / 2);
    if (utf8Bytes(envelope(startOf(mid))) <= maxBytes) fits = mid;
    else tooLong = mid;
  }
  return envelope(startOf(fits));
}
