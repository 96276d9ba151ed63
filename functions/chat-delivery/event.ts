import * as z from 'zod';
import { UnsupportedEventError } from '../lib/errors';
import { formatIssues } from '../lib/schema';

/** One SNS record as Lambda receives it from a topic subscription (`protocol: lambda`). */
const record = z.object({
  Sns: z.object({
    MessageId: z.string().min(1),
    Message: z.string(),
    Subject: z.string().nullish(),
    TopicArn: z.string().optional(),
  }),
});

const snsEvent = z.object({ Records: z.array(record).min(1) });

/** A message the topic delivered: its SNS id, subject and body (the notifier's model, or an alarm's JSON). */
export interface TopicMessage {
  messageId: string;
  subject?: string;
  body: string;
}

/**
 * The messages of an SNS → Lambda event (one per record; SNS sends one). Anything else is an
 * {@link UnsupportedEventError} naming the wrong fields — never their values (a message may carry
 * anything the notifier published).
 *
 * @example
 * ```ts
 * topicMessages({ Records: [{ Sns: { MessageId: 'm-1', Message: '{…}', Subject: '[FAILED] p' } }] });
 * // [{ messageId: 'm-1', subject: '[FAILED] p', body: '{…}' }]
 * ```
 */
export function topicMessages(event: unknown): TopicMessage[] {
  const parsed = snsEvent.safeParse(event, { reportInput: true });
  if (!parsed.success) {
    const problems = formatIssues(parsed.error.issues, { root: 'event', secret: () => true });
    throw new UnsupportedEventError(`Not an SNS notification event: ${problems}`);
  }
  return parsed.data.Records.map(({ Sns }) => ({
    messageId: Sns.MessageId,
    subject: Sns.Subject ?? undefined,
    body: Sns.Message,
  }));
}
