import * as z from 'zod';
import { setting } from '../lib/config-schema';

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
 * | `account-aliases` | `{}` | names of accounts for messages, a JSON object `{"210987654321": "payments-prod"}` |
 * | `production-pipelines` | `*` | pipelines whose executions count in the delivery metrics (`*` wildcards) |
 * | `production-stage` | (empty: the whole execution) | the stage that deploys to production: a failure elsewhere is no failed deployment |
 *
 * Each event family declares its own (`settings` in `sources/*.ts`: `notify-on-pipeline-states`,
 * `notify-on-build-states`...); docs/notifier.md lists them all. This module is a leaf: the families,
 * the rules and the loader (`config.ts`) all depend on it, it on none of them.
 *
 * @example
 * ```ts
 * const config: NotifierConfig = { ...defaults, includeResources: ['prod-*'] };
 * ```
 */
export const commonSettings = {
  notifyRecovery: setting.boolean(true),
  includeResources: setting.list([]),
  ignoreResources: setting.list([]),
  chatThreadPerExecution: setting.boolean(true),
  accountAliases: setting.json(z.record(z.string().regex(/^\d{12}$/), z.string().min(1).max(50)), {}),
  productionPipelines: setting.list(['*']),
  productionStage: setting.string(''),
};

/** The shared parameters, defaults filled in. */
export type CommonConfig = z.output<z.ZodObject<typeof commonSettings>>;

/** What a family's early rule sees: the shared parameters and its own `settings`, defaults filled in. */
export type FamilyConfig<S extends z.ZodRawShape> = CommonConfig & z.output<z.ZodObject<S>>;

/** The notifier's configuration, defaults filled in: the shared keys, and each family's own keys. */
export type NotifierConfig = CommonConfig & Readonly<Record<string, unknown>>;
