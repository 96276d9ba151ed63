import type { FunctionDescription } from './function-description';
import { arn } from './scope';
import { decryptConfiguration } from './shared';

/**
 * Chat delivery: subscribed to the notification topic, posts each notification (and each alarm) to the
 * Slack, Microsoft Teams and Google Chat webhooks configured under `<configPath>notifier/channels/`
 * (functions/chat-delivery/).
 */
export const chatDelivery: FunctionDescription = {
  logicalId: 'ChatDeliveryFunction',
  service: 'chat-delivery',
  description: 'Delivers notifications from the topic to Slack, Microsoft Teams and Google Chat webhooks',
  entryPoint: 'functions/chat-delivery/index.ts',
  // Room for a platform's Retry-After and a few retries; the delivery ends about 1 s before this.
  timeoutSeconds: 60,
  // Powertools would trace each webhook request with its URL's path: a Slack webhook's token.
  environment: () => ({ POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false' }),
  statements: (scope) => [
    // The channels only (recursive reads are authorised on the path asked for): not the rest of the configuration.
    {
      sid: 'ReadChannels',
      actions: ['ssm:GetParametersByPath'],
      resources: [arn(scope, 'ssm', `parameter${scope.settings.configPath}notifier/channels`)],
    },
    ...decryptConfiguration(scope, 'DecryptWebhookUrls'),
  ],
};
