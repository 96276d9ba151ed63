import { ConfigurationError } from './errors';

/**
 * Every environment variable pipewright reads, with its default, in one table. A value resolves as
 * explicit option > environment variable > default (the Powertools convention).
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `PIPEWRIGHT_CONFIG_PATH` | `/pipewright/` | Parameter Store path holding this stack's configuration |
 * | `PIPEWRIGHT_CONFIG_TTL_SECONDS` | `300` | how long loaded configuration is cached in the execution environment |
 * | `PIPEWRIGHT_REPORT_RESERVE_MS` | `10000` | time kept before the Lambda deadline to report a result |
 * | `PIPEWRIGHT_ACTION_PROVIDER_PREFIX` | — | start of the custom action types' provider names (required by the job worker) |
 * | `PIPEWRIGHT_ACTION_VERSION` | `1` | version of the custom action types the job worker polls for |
 * | `NOTIFICATION_TOPIC_ARN` | — | SNS topic the notifier publishes to (required by the notifier) |
 * | `PIPEWRIGHT_READER_ROLE_NAME` | `pipewright-reader` | role the notifier assumes in another account to enrich its events |
 * | `PIPEWRIGHT_READER_EXTERNAL_ID` | (none) | external id the notifier passes when it assumes that role |
 * | `PIPEWRIGHT_CHAT_POST_INTERVAL_MS` | `1000` | least time between two posts to one chat webhook (Slack: about one message per second) |
 * | `POWERTOOLS_SERVICE_NAME` | function-specific | service name in logs, traces and metrics |
 * | `POWERTOOLS_METRICS_NAMESPACE` | `Pipewright` | CloudWatch namespace of the EMF metrics |
 * | `POWERTOOLS_LOG_LEVEL` | `INFO` | log level |
 * | `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` | SDK default (`3`, `standard`) | AWS SDK retry strategy; the template sets `5`, `adaptive` |
 */
export const settingDefaults = {
  configPath: '/pipewright/',
  configTtlSeconds: 300,
  reportReserveMs: 10_000,
  chatPostIntervalMs: 1_000,
  actionVersion: '1',
  readerRoleName: 'pipewright-reader',
} as const;

/** Reads a string setting: explicit option, else environment variable, else default. */
export function stringSetting(option: string | undefined, envName: string, fallback: string): string {
  if (option !== undefined && option !== '') return option;
  const fromEnv = process.env[envName];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : fallback;
}

/**
 * Reads a non-negative number setting: explicit option, else environment variable, else default.
 * Throws a {@link ConfigurationError} naming the variable when it is not such a number.
 */
export function numberSetting(option: number | undefined, envName: string, fallback: number): number {
  if (option !== undefined) return option;
  const raw = process.env[envName];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(
      `Environment variable ${envName}: expected a non-negative number, got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return value;
}

/** Reads a setting that must be present; a {@link ConfigurationError} names the variable when it is missing. */
export function requiredSetting(option: string | undefined, envName: string): string {
  const value = stringSetting(option, envName, '');
  if (!value) {
    throw new ConfigurationError(
      `Environment variable ${envName} is not set: expected a value (set it in the function's environment)`,
    );
  }
  return value;
}
