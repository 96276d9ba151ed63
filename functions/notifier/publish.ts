import { type MessageAttributeValue, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { lazyClient } from '../lib/clients';
import { requiredSetting } from '../lib/settings';
import { truncateBytes } from '../lib/text';
import { buildMessage } from './message';
import type { RenderedNotification } from './model';

const sns = lazyClient(SNSClient);

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
