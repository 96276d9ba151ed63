import type * as z from 'zod';
import { configPath, loadConfig, setting } from '../lib/config';
import { describeError } from '../lib/errors';
import { logger } from '../lib/observability';
import { sources } from './sources';

/**
 * The parameters every family shares (the generic rules and the renderers), under
 * `<PIPEWRIGHT_CONFIG_PATH>/notifier/`, all optional:
 *
 * | parameter | default | meaning |
 * |---|---|---|
 * | `notify-recovery` | `true` | announce a SUCCEEDED execution whose previous run FAILED as recovered |
 * | `include-resources` | (empty: all) | only these pipelines / projects / applications (`*` wildcards) |
 * | `ignore-resources` | (empty) | never these pipelines / projects / applications (`*` wildcards) |
 * | `chat-thread-per-execution` | `true` | one chat thread per pipeline execution (else one per pipeline) |
 *
 * Each event family declares its own (`settings` in `sources/*.ts`: `notify-on-pipeline-states`,
 * `notify-on-build-states`...); docs/notifier.md lists them all.
 */
export const commonSettings = {
  notifyRecovery: setting.boolean(true),
  includeResources: setting.list([]),
  ignoreResources: setting.list([]),
  chatThreadPerExecution: setting.boolean(true),
};

/** The shared parameters, defaults filled in. */
export type CommonConfig = z.output<z.ZodObject<typeof commonSettings>>;

/** Every family's own parameters (families sharing one define it once: the same schema). */
const familySettings: z.ZodRawShape = Object.assign({}, ...sources.map((source) => source.settings));

/** The notifier's section: every family's parameters and the shared ones. */
export const notifierConfigSchema = setting.section({ ...familySettings, ...commonSettings });

/** The notifier's configuration, defaults filled in: the shared keys, and each family's own keys. */
export type NotifierConfig = CommonConfig & Readonly<Record<string, unknown>>;

/**
 * Loads (cached) the notifier's section, `<PIPEWRIGHT_CONFIG_PATH>/notifier/`, from Parameter Store
 * (nothing else under the stack's path is read). If it cannot be loaded or does not validate, the
 * defaults are used (and the problem logged): a broken parameter must not silence failure
 * notifications.
 */
export async function loadNotifierConfig(): Promise<NotifierConfig> {
  try {
    return await loadConfig(notifierConfigSchema, { path: `${configPath().replace(/\/$/, '')}/notifier` });
  } catch (error) {
    logger.error(`Notifier configuration unusable, using defaults: ${describeError(error)}`);
    return defaultNotifierConfig();
  }
}

/** The configuration of a stack with nothing under its configuration path. */
export function defaultNotifierConfig(): NotifierConfig {
  return notifierConfigSchema.parse({});
}
