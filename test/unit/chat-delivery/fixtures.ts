import { GetParametersByPathCommand, SSMClient, type Parameter } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { readNotification } from '../../../functions/chat-delivery/read-message';
import { clearConfigCache } from '../../../functions/lib/config';
import type { Notification } from '../../../functions/notifier/model';
import { readEvent } from '../../support/samples';
import { getParametersByPath } from '../sample-answers';

/** The SSM client the channels are read with. */
export const ssm = mockClient(SSMClient);

/** A sample SNS event of events/chat-delivery/ (`pipeline-failed`), a fresh copy. */
export const sampleEvent = (name: string) =>
  readEvent<{ Records: [{ Sns: { MessageId: string; Message: string } }] }>(`chat-delivery/${name}.json`);

/** The notification a sample event of events/chat-delivery/ carries, as the function reads it. */
export const sampleNotification = (name: string): Notification =>
  readNotification(sampleEvent(name).Records[0].Sns.Message);

/** The parameters of a channel under `/pipewright/test/notifier/channels/<name>/` (`webhook-url` a SecureString). */
export function channel(name: string, settings: Record<string, string>): Parameter[] {
  return Object.entries(settings).map(([key, value]) => ({
    Name: `/pipewright/test/notifier/channels/${name}/${key}`,
    Value: value,
    Type: key === 'webhook-url' ? 'SecureString' : 'String',
  }));
}

/**
 * Starts a test afresh — configuration cache cleared, `PIPEWRIGHT_CONFIG_PATH` `/pipewright/test/`, the
 * SSM mock reset — with Parameter Store answering what `parameters()` returns at the time of each call.
 *
 * @example
 * ```ts
 * let parameters: Parameter[] = [];
 * beforeEach(() => answerChannels(() => parameters));
 * ```
 */
export function answerChannels(parameters: () => Parameter[]): void {
  clearConfigCache();
  process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  ssm.reset();
  ssm.on(GetParametersByPathCommand).callsFake(getParametersByPath(parameters));
}
