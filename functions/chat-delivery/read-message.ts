import { UnsupportedEventError } from '../lib/errors';
import type { Notification } from '../notifier/model';
import { readAlarm } from './alarm';
import { readModel } from './model';

/** What a topic message may be: the notifier's model, or the state change of one of the stack's alarms. */
const readers = [readModel, readAlarm];

/**
 * The notification a topic message carries. A message that is neither the notifier's model nor a
 * CloudWatch alarm is an {@link UnsupportedEventError} that says what it lacks, never what it holds: the
 * invocation fails, so nothing published to the topic is dropped silently.
 *
 * @example
 * ```ts
 * readNotification('{"source":"codepipeline","resource":"pipewright-prod","state":"FAILED"}').resource; // 'pipewright-prod'
 * ```
 */
export function readNotification(body: string): Notification {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new UnsupportedEventError(`The topic message is not JSON (${body.length} characters, not shown)`);
  }
  for (const read of readers) {
    const notification = read(value);
    if (notification) return notification;
  }
  throw new UnsupportedEventError(
    'The topic message is neither a pipewright notification (source, resource and state) nor a CloudWatch alarm (AlarmName, NewStateValue)',
  );
}
