import type { FunctionDescription } from './function-description';
import { arn } from './scope';

/**
 * The chat delivery: subscribed to the notification topic, it posts each notification to the Slack,
 * Microsoft Teams and Google Chat webhooks configured under `notifier/channels/`
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
  statements: (scope) => {
    const { configPath, configKmsKeyArn } = scope.settings;
    // The channels only (a recursive read is authorised on the path asked for): not the rest of the configuration.
    const read = {
      sid: 'ReadChannels',
      actions: ['ssm:GetParametersByPath'],
      resources: [arn(scope, 'ssm', `parameter${configPath}notifier/channels`)],
    };
    if (configKmsKeyArn === '') return [read];
    const decrypt = {
      sid: 'DecryptWebhookUrls',
      actions: ['kms:Decrypt'],
      resources: [configKmsKeyArn],
      conditions: { StringEquals: { 'kms:ViaService': `ssm.${scope.region}.amazonaws.com` } },
    };
    return [read, decrypt];
  },
};
