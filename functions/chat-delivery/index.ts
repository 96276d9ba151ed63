import { instrument } from '../lib/observability';
import { deliverEvent } from './deliver';

/** ChatDeliveryFunction: NotificationTopic (SNS → Lambda) → Slack, Microsoft Teams and Google Chat webhooks. */
export const handler = instrument(deliverEvent);
