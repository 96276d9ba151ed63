import * as fc from 'fast-check';
import { utf8Bytes } from '../../../functions/lib/text';
import { buildMessage, CUT_MARKER, MAX_MESSAGE_BYTES } from '../../../functions/notifier/message';
import type { RenderedNotification } from '../../../functions/notifier/model';
import { renderChat } from '../../../functions/notifier/render/chat';
import { subjectLine } from '../../../functions/notifier/render/facts';
import { renderText } from '../../../functions/notifier/render/text';
import { findSource } from '../../../functions/notifier/sources';
import { sampleEvent } from './fixtures';

/** The sample pipeline failure, rendered, with `extra` appended to its text. */
function rendered(extra = ''): RenderedNotification {
  const event = sampleEvent('pipeline-failed');
  const model = findSource(event)!.parse(event);
  return {
    subject: subjectLine(model),
    text: renderText(model) + extra,
    chat: renderChat(model, { threadPerExecution: true }),
    model,
  };
}

interface Envelope {
  default: string;
  email: string;
  https: string;
  sqs: string;
  lambda: string;
}

/**
 * Checks a built message: within the limit, valid JSON with every key, the text a start of the
 * original (marked when cut) — and the LONGEST such start: one more character would not fit.
 */
function expectFittedMessage(message: string, original: string, maxBytes = MAX_MESSAGE_BYTES): Envelope {
  expect(utf8Bytes(message)).toBeLessThanOrEqual(maxBytes);
  const parsed = JSON.parse(message) as Envelope;
  expect(Object.keys(parsed).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
  expect(parsed.email).toBe(parsed.default);
  expect(parsed.lambda).toBe(parsed.sqs);
  expect(() => JSON.parse(parsed.https)).not.toThrow();
  if (parsed.default === original) return parsed;
  expect(parsed.default.endsWith(CUT_MARKER)).toBe(true);
  const kept = parsed.default.slice(0, -CUT_MARKER.length);
  expect(original.startsWith(kept)).toBe(true);
  expect(kept).not.toMatch(/[\ud800-\udbff]$/); // no half of a surrogate pair
  const next = original.slice(0, kept.length + (/[\ud800-\udbff]/.test(original[kept.length]!) ? 2 : 1));
  const longer = next === original ? next : next + CUT_MARKER;
  const withOneMore = JSON.stringify({ ...parsed, default: longer, email: longer });
  expect(utf8Bytes(withOneMore)).toBeGreaterThan(maxBytes);
  return parsed;
}

const sizeOf = (r: RenderedNotification) => utf8Bytes(buildMessage(r, Number.MAX_SAFE_INTEGER));

/** The sample failure, its text padded with `a`s (2 bytes each: text is sent twice) and its chat with one more byte if needed, so its message is exactly `bytes`. */
function exactly(bytes: number): RenderedNotification {
  const r = rendered();
  Object.assign(r.chat, { pad: '' });
  const missing = bytes - sizeOf(r);
  r.text += 'a'.repeat(Math.floor(missing / 2));
  Object.assign(r.chat, { pad: 'x'.repeat(missing % 2) });
  expect(sizeOf(r)).toBe(bytes);
  return r;
}

describe('buildMessage', () => {
  it('sends a message of exactly the limit as it is', () => {
    const r = exactly(MAX_MESSAGE_BYTES);

    const message = buildMessage(r);

    expect(utf8Bytes(message)).toBe(MAX_MESSAGE_BYTES);
    expect(JSON.parse(message).default).toBe(r.text);
  });

  it.each([1, 2])(
    'cuts a message %i byte(s) over the limit to the longest start of its text, keeping chat and model whole',
    (over) => {
      const r = exactly(MAX_MESSAGE_BYTES + over);

      const parsed = expectFittedMessage(buildMessage(r), r.text);

      expect(parsed.default).not.toBe(r.text);
      expect(JSON.parse(parsed.sqs)).toEqual(JSON.parse(JSON.stringify(r.model)));
      expect(JSON.parse(parsed.https)).toEqual(r.chat);
    },
  );

  it.each([
    ['multi-byte UTF-8 (2-, 3- and 4-byte characters)', 'é€😀'],
    ['characters JSON escaping grows (quotes, backslashes, control characters)', '"\\\u0001\u001f'],
    ['line breaks and tabs', '\n\t\r'],
  ])('keeps the most text that fits with %s', (_what, unit) => {
    const r = rendered(unit.repeat(300_000));

    expectFittedMessage(buildMessage(r), r.text);
  });

  it('reduces chat and model only when they are too big themselves, and always fits', () => {
    const control = (n: number) => '\u0001\u001f"\\'.repeat(n);
    const r = rendered(control(300_000));
    Object.assign(r.model, { resource: control(100_000), executionId: control(100_000) });
    r.model.links = Array.from({ length: 50 }, () => ({ label: control(10), url: control(1_000) }));
    r.chat = {
      content: {
        title: 'Failed',
        description: control(300_000),
        nextSteps: [control(2_000), control(2_000)],
      },
      metadata: { threadId: 'pipewright-prod', summary: control(10_000) },
    };

    const parsed = expectFittedMessage(buildMessage(r), r.text);

    expect(parsed.default).toMatch(/^Pipeline pipewright-prod FAILED/);
    expect(JSON.parse(parsed.https)).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { title: 'Failed', nextSteps: [expect.any(String), expect.any(String)] },
      metadata: { threadId: 'pipewright-prod' },
    });
    expect(JSON.parse(parsed.sqs)).toMatchObject({
      truncated: true,
      source: 'codepipeline',
      state: 'FAILED',
    });
  });

  it('keeps the first failures in a reduced model, each cut: a chat subscriber still says what failed', () => {
    const r = rendered();
    r.model.failures = Array.from({ length: 5 }, (_, i) => ({
      stage: 'Deploy',
      action: `Action${i}`,
      code: 'JobFailed',
      summary: `failure ${i}: ${'x'.repeat(40_000)}`,
    }));

    const model = JSON.parse(expectFittedMessage(buildMessage(r), r.text).lambda) as {
      truncated?: boolean;
      failures: { action?: string; summary?: string }[];
      nouns: { resource?: string };
    };

    expect(model.truncated).toBe(true);
    expect(model.failures.map((f) => f.action)).toEqual(['Action0', 'Action1', 'Action2']);
    expect(model.failures[0]!.summary).toMatch(/^failure 0: x+…$/);
    expect(model.failures[0]!.summary!.length).toBeLessThanOrEqual(250);
    expect(model.nouns.resource).toBe('Pipeline');
  });

  it('fits any text, chat and model: the longest start of the text, within the limit (generated)', () => {
    const unit = fc.constantFrom('a', ' ', 'é', '€', '😀', '"', '\\', '\n', '\u0001', '<');
    const text = fc.tuple(
      fc.string({ unit, minLength: 1, maxLength: 8 }),
      fc.integer({ min: 0, max: 300_000 }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 200_000 }), ([piece, size], chatSize) => {
        const r = rendered(piece.repeat(Math.ceil(size / piece.length)));
        const chat = r.chat as { content: { description: string } };
        chat.content.description += piece.repeat(Math.ceil(chatSize / piece.length));

        expectFittedMessage(buildMessage(r), r.text);
      }),
      { numRuns: 20 },
    );
  });
});
