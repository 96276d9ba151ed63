import { loadConfig, sectionPath, setting, type ConfigProblem } from '../lib/config';
import { describeError } from '../lib/errors';
import { logger } from '../lib/observability';
import { truncate } from '../lib/text';
import { commonSettings, type NotifierConfig } from './settings';
import { sources } from './sources';

/** Every family's own parameters (families sharing one define it once: the same schema). */
const familySettings = Object.assign({}, ...sources.map((source) => source.settings)) as Record<
  string,
  never
>;

/** The notifier's section: every family's parameters and the shared ones (the docs tests read its keys). */
export const notifierConfigSchema = setting.section({ ...familySettings, ...commonSettings });

/** The notifier's configuration as loaded, and the line every notification carries while it has a problem. */
export interface LoadedNotifierConfig {
  config: NotifierConfig;
  /** `<what is wrong>`, shown as "Configuration problem: …" in every notification (absent when all is well). */
  problem?: string;
}

/** The notifier's section below the configuration path. */
const SECTION = 'notifier';

/** The longest problem line a notification carries (the logs have every problem in full). */
const PROBLEM_CHARS = 400;

function problemLine(problems: readonly ConfigProblem[]): string | undefined {
  if (problems.length === 0) return undefined;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more; see the notifier's logs)` : '';
  return truncate(`${problems[0]!.message}${more}`, PROBLEM_CHARS);
}

/**
 * Loads (cached) the notifier's section, `<PIPEWRIGHT_CONFIG_PATH>/notifier/`, from Parameter Store
 * (nothing else under the stack's path is read, nor the sub-paths below it: `notifier/channels/` holds
 * the chat delivery's webhook URLs). A broken parameter must not silence failure
 * notifications: an unknown entry of a state list is dropped, any other invalid value falls back to its
 * key's default, an unreadable section to all defaults — each logged, and summed up in `problem`.
 *
 * @example
 * ```ts
 * const { config, problem } = await loadNotifierConfig();
 * // with notify-on-pipeline-states = FAILD: config.notifyOnPipelineStates = ['FAILED', 'STOPPED'],
 * // problem = '/pipewright/prod/notifier/notify-on-pipeline-states (entry 1): expected one of … got "FAILD"; …'
 * ```
 */
export async function loadNotifierConfig(): Promise<LoadedNotifierConfig> {
  try {
    const { config, problems } = await loadConfig(notifierConfigSchema, {
      section: SECTION,
      onInvalid: 'default',
      // Its keys are all directly under it: `channels/` below belongs to the chat delivery (webhook URLs).
      recursive: false,
    });
    return { config, problem: problemLine(problems) };
  } catch (error) {
    logger.error(`Notifier configuration unusable, using defaults: ${describeError(error)}`);
    return {
      config: defaultNotifierConfig(),
      problem: truncate(
        `${sectionPath(SECTION)} could not be used (${describeError(error)}); every key has its default`,
        PROBLEM_CHARS,
      ),
    };
  }
}

/** The configuration of a stack with nothing under its configuration path. */
export function defaultNotifierConfig(): NotifierConfig {
  return notifierConfigSchema.parse({});
}
