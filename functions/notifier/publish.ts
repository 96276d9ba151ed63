import { type MessageAttributeValue, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { lazyClient } from '../lib/clients';
import { requiredSetting } from '../lib/settings';
import { truncateBytes, utf8Bytes } from '../lib/text';
import { minimalMessage } from './minimal-message';
import type { Notification } from './model';

const sns = lazyClient(SNSClient);

/** SNS's message size limit, less room for the attributes and the subject (which count too). */
export const MAX_MESSAGE_BYTES = 256 * 1024 - 4 * 1024;

/** What gets published: subject, text, chat JSON, and the model for machine subscribers. */
export interface RenderedNotification {
  subject: string;
  text: string;
  chat: object;
  model: Notification;
}

/**
 * Builds the `MessageStructure: json` body: `default`/`email` get the text, `https` (Amazon Q Developer
 * in chat applications subscribes over HTTPS) the chat JSON, `sqs`/`lambda` the structured model. The
 * WHOLE envelope is kept under {@link MAX_MESSAGE_BYTES}: oversized parts are cut, largest first, and
 * if JSON escaping still blows the envelope up, {@link minimalMessage} replaces it (always fits).
 */
export function buildMessage(rendered: RenderedNotification, maxBytes = MAX_MESSAGE_BYTES): string {
  let text = rendered.text;
  let chat = JSON.stringify(rendered.chat);
  let model = JSON.stringify(rendered.model);
  const envelope = () =>
    JSON.stringify({ default: text, email: text, https: chat, sqs: model, lambda: model });
  for (let attempt = 0; attempt < 4 && utf8Bytes(envelope()) > maxBytes; attempt++) {
    // Each part appears once or twice, JSON-escaped; give each a fair share of what is left.
    const share = Math.floor(maxBytes / 10);
    if (utf8Bytes(model) > share) model = JSON.stringify({ truncated: true, ...summaryOf(rendered.model) });
    if (utf8Bytes(chat) > share * 2) chat = JSON.stringify(shrinkChat(rendered.chat, share));
    if (utf8Bytes(JSON.stringify(text)) > share * 3) text = truncateBytes(text, Math.floor(share * 1.5));
  }
  const message = envelope();
  return utf8Bytes(message) <= maxBytes ? message : minimalMessage(rendered, maxBytes);
}

function summaryOf(n: Notification) {
  const { source, scope, resource, state, label, severity, region, account, time, executionId, links } = n;
  return { source, scope, resource, state, label, severity, region, account, time, executionId, links };
}

function shrinkChat(chat: object, maxBytes: number): object {
  const copy = structuredClone(chat) as { content?: { description?: string; nextSteps?: string[] } };
  if (copy.content?.description)
    copy.content.description = truncateBytes(copy.content.description, maxBytes / 2);
  if (copy.content?.nextSteps)
    copy.content.nextSteps = copy.content.nextSteps.map((s) => truncateBytes(s, 2_000));
  return copy;
}

/** A filter attribute; cut so that the four of them and the subject stay within the 4 KB kept for them. */
const attribute = (value: string): MessageAttributeValue => ({
  DataType: 'String',
  StringValue: truncateBytes(value, 256) || '-',
});

/**
 * Publishes to `NOTIFICATION_TOPIC_ARN` (a clear error when unset). A publish that still fails after
 * the SDK's retries throws, so the invocation fails and Lambda retries it, then hands it to the
 * on-failure destination / DLQ: nothing is dropped silently.
 */
export async function publish(
  rendered: RenderedNotification,
  topicArn?: string,
): Promise<string | undefined> {
  const TopicArn = requiredSetting(topicArn, 'NOTIFICATION_TOPIC_ARN');
  const n = rendered.model;
  const answer = await sns().send(
    new PublishCommand({
      TopicArn,
      Subject: rendered.subject,
      Message: buildMessage(rendered),
      MessageStructure: 'json',
      MessageAttributes: {
        source: attribute(n.source),
        resource: attribute(n.resource),
        state: attribute(n.label),
        severity: attribute(n.severity),
      },
    }),
  );
  return answer.MessageId;
}
