import { SSMClient, type Parameter } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { readNotification } from '../../../functions/chat-delivery/read-message';
import type { Notification } from '../../../functions/notifier/model';
import { readEvent } from '../../support/samples';

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
