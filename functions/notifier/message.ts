import { truncate, utf8Bytes } from '../lib/text';
import type { Notification, RenderedNotification } from './model';

/** SNS's message size limit, less room for the attributes and the subject (which count too). */
export const MAX_MESSAGE_BYTES = 256 * 1024 - 4 * 1024;

/** Ends a text that was cut to fit. */
export const CUT_MARKER = '\n[truncated: the notification was too large for SNS]';

/** A part keeps its full form while its encoded size stays within this share of the limit (the model counts twice). */
const CHAT_SHARE = 1 / 4;
const MODEL_SHARE = 1 / 8;
/** Characters kept of each field of a reduced part (the chat description gets more). */
const FIELD_CHARS = 250;
const DESCRIPTION_CHARS = 3_000;
const STEP_CHARS = 500;
const MAX_STEPS = 10;

/** A string field of an unknown object (`field(chat, 'content', 'title')`), cut to `maxChars`. */
function field(value: unknown, path: readonly string[], maxChars = FIELD_CHARS): string {
  let at = value;
  for (const key of path)
    at =
      at && typeof at === 'object' && Object.hasOwn(at, key)
        ? (at as Record<string, unknown>)[key]
        : undefined;
  return typeof at === 'string' ? truncate(at, maxChars) : '';
}

/** The chat notification's fields that matter to a reader, each cut: bounded whatever the renderer produced. */
function reducedChat(rendered: RenderedNotification): object {
  const { chat } = rendered;
  const title = field(chat, ['content', 'title']) || truncate(rendered.subject, FIELD_CHARS);
  const steps = (chat as { content?: { nextSteps?: unknown } }).content?.nextSteps;
  return {
    version: '1.0',
    source: 'custom',
    id: field(chat, ['id']) || undefined,
    content: {
      textType: 'client-markdown',
      title,
      description: field(chat, ['content', 'description'], DESCRIPTION_CHARS),
      nextSteps: (Array.isArray(steps) ? steps : [])
        .slice(0, MAX_STEPS)
        .map((step) => (typeof step === 'string' ? truncate(step, STEP_CHARS) : '')),
    },
    metadata: {
      threadId: field(chat, ['metadata', 'threadId']) || title,
      summary: field(chat, ['metadata', 'summary']) || title,
    },
  };
}

/** Failures a reduced model keeps, the first ones (a subscriber rendering the model must still say what failed). */
const MODEL_FAILURES = 3;
const FAILURE_KEYS = ['stage', 'action', 'provider', 'code', 'summary', 'url'];

/** Each of `keys` of `value`, cut; empty ones left out. */
const cutFields = (value: unknown, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, field(value, [key]) || undefined]));

/**
 * The model's identifying fields and its first failures, each cut, marked `truncated` (revisions, links
 * and the rest are in the text).
 */
function reducedModel(model: Notification): object {
  const keys = [
    'source',
    'scope',
    'resource',
    'state',
    'label',
    'severity',
    'region',
    'account',
    'executionId',
  ];
  const failures = Array.isArray(model.failures) ? model.failures.slice(0, MODEL_FAILURES) : [];
  return {
    truncated: true,
    ...Object.fromEntries(keys.map((key) => [key, field(model, [key])])),
    ...cutFields(model, ['pipelineExecutionId', 'stage', 'action']),
    time: Number.isFinite(model.time) ? model.time : undefined,
    nouns: cutFields(model.nouns, ['resource', 'run']),
    failures: failures.map((failure) => cutFields(failure, FAILURE_KEYS)),
  };
}

const envelope = (text: string, chat: string, model: string) =>
  JSON.stringify({ default: text, email: text, https: chat, sqs: model, lambda: model });

/** `text` cut to `chars` UTF-16 units, never through a surrogate pair, with the cut marked. */
function startOf(text: string, chars: number): string {
  if (chars >= text.length) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(chars - 1)) ? chars - 1 : chars;
  return text.slice(0, end) + CUT_MARKER;
}

/**
 * Builds the `MessageStructure: json` body — `default`/`email` get the text, `https` (Amazon Q
 * Developer in chat applications subscribes over HTTPS) the chat JSON, `sqs`/`lambda` the model — and
 * keeps the WHOLE envelope, measured after JSON encoding, within `maxBytes`. One strategy: what fits
 * goes as it is; otherwise the chat and the model keep their full form while each stays within its
 * share (a quarter, an eighth per copy), else their reduced form (a few cut fields), and the text gets
 * the longest start that still fits, found by binary search on the encoded size — so multi-byte
 * characters and JSON escaping (quotes, control characters) are counted exactly.
 *
 * @param maxBytes size limit of the message (default: {@link MAX_MESSAGE_BYTES}; the reduced parts are
 *   sized so that any notification fits this default)
 * @example
 * ```ts
 * const Message = buildMessage({ subject, text, chat, model });
 * ```
 */
export function buildMessage(rendered: RenderedNotification, maxBytes = MAX_MESSAGE_BYTES): string {
  const fullChat = JSON.stringify(rendered.chat);
  const fullModel = JSON.stringify(rendered.model);
  const whole = envelope(rendered.text, fullChat, fullModel);
  if (utf8Bytes(whole) <= maxBytes) return whole;
  // A part's size inside the envelope: encoded again as a JSON string.
  const encoded = (part: string) => utf8Bytes(JSON.stringify(part));
  const chat = encoded(fullChat) <= maxBytes * CHAT_SHARE ? fullChat : JSON.stringify(reducedChat(rendered));
  const model =
    encoded(fullModel) <= maxBytes * MODEL_SHARE ? fullModel : JSON.stringify(reducedModel(rendered.model));
  const fits = (chars: number) => utf8Bytes(envelope(startOf(rendered.text, chars), chat, model)) <= maxBytes;
  // Longest start of the text that fits: `kept` always fits, `tooLong` never does (a char is at least a byte).
  let kept = 0;
  let tooLong = Math.min(rendered.text.length, maxBytes) + 1;
  if (fits(tooLong - 1)) kept = tooLong - 1;
  while (tooLong - kept > 1) {
    const mid = Math.floor((kept + tooLong) / 2);
    if (fits(mid)) kept = mid;
    else tooLong = mid;
  }
  return envelope(startOf(rendered.text, kept), chat, model);
}
