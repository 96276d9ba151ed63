import type { Context } from 'aws-lambda';
import { describeError } from '../lib/errors';
import { runBeforeDeadline } from '../lib/invocation';
import { correlate, logger } from '../lib/observability';
import { deliverTo } from './channel-delivery';
import { loadChannels } from './channels';
import { topicMessages, type TopicMessage } from './event';
import { outlineOf } from './outline';
import { readNotification } from './read-message';
import { wants } from './routing';
import { ChatDeliveryError } from './send';

/** What an invocation did: the channels that took the message, or why none was to. */
export interface DeliveryResult {
  /** Names of the channels the message went to (or had gone to, on a retry), in name order. */
  delivered: string[];
  /** Why no channel was posted to: none is configured, or none takes this notification. */
  reason?: 'no-channels' | 'not-for-any-channel';
}

async function deliverMessages(messages: TopicMessage[]): Promise<DeliveryResult> {
  const { channels, broken } = await loadChannels();
  const delivered = new Set<string>();
  const failed: string[] = [];
  let wanted = 0;
  for (const message of messages) {
    const n = readNotification(message.body);
    correlate({ messageId: message.messageId, resource: n.resource, executionId: n.executionId });
    const outline = outlineOf(n);
    const targets = channels.filter((channel) => wants(channel.filters, n));
    wanted += targets.length;
    const results = await Promise.allSettled(targets.map((c) => deliverTo(c, outline, message.messageId)));
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') delivered.add(targets[index]!.name);
      else failed.push(describeError(result.reason).replace(/^ChatDeliveryError: /, ''));
    });
  }
  const problems = [
    ...failed,
    ...broken.map((line) => `${line}; the channel gets nothing until it is fixed`),
  ];
  if (problems.length) {
    logger.error('Not every chat channel got the notification', { problems, delivered: [...delivered] });
    throw new ChatDeliveryError(`Chat delivery incomplete: ${problems.join('; ')}`);
  }
  const reason = channels.length === 0 ? 'no-channels' : wanted === 0 ? 'not-for-any-channel' : undefined;
  if (reason) logger.info(`No chat message: ${reason}`, { reason });
  return { delivered: [...delivered].sort(), ...(reason ? { reason } : {}) };
}

/**
 * ChatDeliveryFunction's work: reads each message the notification topic delivered (the notifier's
 * model, or a CloudWatch alarm of the stack), and posts it to every configured chat channel whose
 * filters take it, the channels in parallel. The whole of it runs before the Lambda deadline (less a
 * margin). It throws — so Lambda retries the invocation, then hands it to the failure queue and its
 * alarm — when a channel did not take the message, when a channel is broken, when the channels cannot
 * be read, and for a message it cannot read: a notification never fails silently.
 *
 * @example
 * ```ts
 * await deliverEvent(snsEvent, context); // { delivered: ['ci', 'incidents'] }
 * ```
 */
export async function deliverEvent(
  event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<DeliveryResult> {
  const messages = topicMessages(event);
  return runBeforeDeadline(context, () => deliverMessages(messages));
}
