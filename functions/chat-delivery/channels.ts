import * as z from 'zod';
import { camelCase, loadConfig, sectionPath, setting } from '../lib/config';
import type { Severity } from '../notifier/model';
import { PLATFORM_NAMES, findPlatform } from './platforms';
import type { Platform } from './platforms/platform';
import { webhookUrlProblem } from './webhook-url';

/** The chat channels' section below the configuration path: `<path>/notifier/channels/<name>/<key>`. */
const CHANNELS_SECTION = 'notifier/channels';

/** The `source` values notifications carry: the notifier's event families, and the stack's alarms. */
const SOURCES = ['codepipeline', 'codebuild', 'codedeploy', 'cloudwatch'] as const;
const SEVERITIES = ['critical', 'warning', 'info', 'recovered'] as const satisfies readonly Severity[];

/**
 * One channel's parameters, `<path>/notifier/channels/<name>/<key>` (docs/notifier.md has the table):
 * `type` and `webhook-url` (a SecureString), both needed, and the filters `sources`, `severities`,
 * `states`, `resources` and `ignore-resources`, each optional (empty: all; `ignore-resources`: none).
 * `type` and `webhook-url` are optional here so that a channel missing one is reported by name, not
 * as a schema error.
 *
 * @example
 * ```ts
 * channelSettings.parse({ type: 'slack', severities: 'critical' }).severities; // ['critical']
 * ```
 */
export const channelSettings = setting.section({
  type: z.enum(PLATFORM_NAMES).optional(),
  webhookUrl: setting.optionalString(),
  sources: setting.list([], { of: SOURCES }),
  severities: setting.list([], { of: SEVERITIES }),
  states: setting.list([]),
  resources: setting.list([]),
  ignoreResources: setting.list([]),
});

/** The channels' section: a channel per name. */
const channelsSchema = z.record(z.string(), channelSettings);

/** A channel's filters, defaults filled in. */
export type ChannelFilters = Omit<z.output<typeof channelSettings>, 'type' | 'webhookUrl'>;

/** A channel one can post to. */
export interface Channel {
  /** Its name, the parameter path segment (`incidents`): what logs, metrics and errors say, never the URL. */
  name: string;
  platform: Platform;
  /** The webhook URL: a credential, kept out of every log line, metric, trace and error. */
  webhook: URL;
  filters: ChannelFilters;
}

/** The channels as loaded: those one can post to, and a line per channel that is broken. */
export interface LoadedChannels {
  channels: Channel[];
  /** `<parameter>: <what is wrong>` for each channel that cannot receive anything until it is fixed. */
  broken: string[];
}

/**
 * Loads (cached) the chat channels from `<PIPEWRIGHT_CONFIG_PATH>/notifier/channels/`, SecureStrings
 * decrypted. An unknown parameter or a filter entry that is not valid is logged and left out (by the
 * loader); a channel without a valid `type`, or whose `webhook-url` is missing, not an https URL or not
 * a SecureString, is `broken` — its messages cannot go anywhere, which the caller must not let pass
 * silently. While one is broken the section is read afresh, not from the cache: a channel caught
 * between its two `put-parameter` commands works on the invocation's retry. A section that cannot be
 * read at all throws.
 *
 * @example
 * ```ts
 * const { channels, broken } = await loadChannels();
 * ```
 */
export async function loadChannels(): Promise<LoadedChannels> {
  const cached = await readChannels(false);
  return cached.broken.length ? readChannels(true) : cached;
}

async function readChannels(forceFetch: boolean): Promise<LoadedChannels> {
  const { config, problems, secureParameters } = await loadConfig(channelsSchema, {
    section: CHANNELS_SECTION,
    onInvalid: 'default',
    forceFetch,
  });
  const root = sectionPath(CHANNELS_SECTION);
  const reported = new Set(problems.map((p) => p.parameter));
  const channels: Channel[] = [];
  const broken: string[] = [];
  for (const [name, settings] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    const { type, webhookUrl, ...filters } = settings;
    const typeName = `${root}/${name}/type`;
    const urlName = `${root}/${name}/webhook-url`;
    const platform = type && findPlatform(type);
    const secure = [...secureParameters].some(
      (p) => p.startsWith(`${root}/${name}/`) && camelCase(p.slice(p.lastIndexOf('/') + 1)) === 'webhookUrl',
    );
    const urlProblem =
      webhookUrl === undefined
        ? 'is missing'
        : (webhookUrlProblem(webhookUrl) ??
          (secure ? undefined : 'must be a SecureString (a webhook URL is a credential)'));
    if (!platform) {
      const expected = `expected one of ${PLATFORM_NAMES.join(', ')}`;
      broken.push(`${typeName}: ${reported.has(typeName) ? 'not valid' : 'is missing'} (${expected})`);
    }
    if (urlProblem) broken.push(`${urlName}: ${urlProblem}`);
    if (platform && !urlProblem) channels.push({ name, platform, webhook: new URL(webhookUrl!), filters });
  }
  return { channels, broken };
}
