import { googleChat } from './google-chat';
import type { Platform } from './platform';
import { slack } from './slack';
import { teams } from './teams';

/**
 * Every chat platform a channel may name as its `type`: adding one is adding a file and a line here.
 *
 * @example
 * ```ts
 * platforms.map((p) => p.label); // ['Slack', 'Microsoft Teams', 'Google Chat']
 * ```
 */
export const platforms: readonly Platform[] = [slack, teams, googleChat];

/**
 * The `type` values channels may have.
 *
 * @example
 * ```ts
 * PLATFORM_NAMES; // ['slack', 'teams', 'google-chat']
 * ```
 */
export const PLATFORM_NAMES = platforms.map((p) => p.name) as [string, ...string[]];

/**
 * The platform of a channel `type`, if there is one.
 *
 * @example
 * ```ts
 * findPlatform('slack')?.label; // 'Slack'
 * ```
 */
export function findPlatform(name: string): Platform | undefined {
  return platforms.find((platform) => platform.name === name);
}
