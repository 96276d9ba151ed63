import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../lib/observability';
import type { Channel } from './channels';
import { rememberDelivery, wasDelivered } from './delivered';
import { fitBody } from './fit';
import type { Outline } from './outline';
import { send } from './send';

/** A count metric with the platform as its dimension (never the channel's URL). */
function count(name: string, platform: string): void {
  const metric = metrics.singleMetric();
  metric.addDimension('platform', platform);
  metric.addMetric(name, MetricUnit.Count, 1);
}

/**
 * Delivers one topic message to one channel: renders it for the channel's platform at the fullest
 * level of detail that fits, posts it (rate limit, retries), and counts and logs it by channel name and
 * platform — never the URL. A channel this environment already delivered the message to is skipped (a
 * retried invocation). Throws a `ChatDeliveryError` when the post fails.
 *
 * @example
 * ```ts
 * await deliverTo(channel, outlineOf(n), 'sns-message-id');
 * ```
 */
export async function deliverTo(channel: Channel, outline: Outline, messageId: string): Promise<void> {
  const platform = channel.platform;
  const context = { channel: channel.name, platform: platform.name };
  if (wasDelivered(messageId, channel.name)) {
    logger.info('Already delivered to this chat channel (a retried invocation): not posted again', context);
    return;
  }
  const body = fitBody(platform, outline);
  if (body.level > 0) count('ChatMessageShortened', platform.name);
  const target = {
    label: `channel ${channel.name} (${platform.label})`,
    url: platform.postUrl?.(channel.webhook, outline) ?? channel.webhook,
    webhook: channel.webhook.href,
  };
  let attempts: number;
  try {
    attempts = await send(target, body.json);
  } catch (error) {
    count('ChatDeliveryFailed', platform.name);
    throw error;
  }
  rememberDelivery(messageId, channel.name);
  count('ChatMessageDelivered', platform.name);
  logger.info('Delivered to chat channel', {
    ...context,
    attempts,
    bytes: body.bytes,
    detailLevel: body.level,
  });
}
