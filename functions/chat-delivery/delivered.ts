/** Deliveries remembered (the oldest forgotten first): far more than one environment sees between retries. */
const REMEMBERED = 1_000;

const delivered = new Set<string>();

const key = (messageId: string, channel: string) => `${messageId}\u0000${channel}`;

/**
 * Whether this execution environment already delivered a topic message to a channel. A failed
 * invocation is retried whole (Lambda, then SNS): the channels that took the message the first time
 * are not posted to again when the retry lands here — best effort, as another environment does not know.
 *
 * @example
 * ```ts
 * if (!wasDelivered(messageId, 'incidents')) await post();
 * ```
 */
export function wasDelivered(messageId: string, channel: string): boolean {
  return delivered.has(key(messageId, channel));
}

/**
 * Remembers that a channel took a topic message (see {@link wasDelivered}).
 *
 * @example
 * ```ts
 * rememberDelivery(messageId, 'incidents');
 * ```
 */
export function rememberDelivery(messageId: string, channel: string): void {
  delivered.add(key(messageId, channel));
  if (delivered.size > REMEMBERED) delivered.delete(delivered.values().next().value!);
}
