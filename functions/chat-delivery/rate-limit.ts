import { pause } from '../lib/invocation';
import { numberSetting, settingDefaults } from '../lib/settings';

/**
 * The least time between two posts to one webhook (default: `PIPEWRIGHT_CHAT_POST_INTERVAL_MS`, else
 * 1000 ms): Slack takes about one message per second per webhook (short bursts tolerated), Google Chat
 * one per second per space.
 */
const spacingMs = () =>
  numberSetting(undefined, 'PIPEWRIGHT_CHAT_POST_INTERVAL_MS', settingDefaults.chatPostIntervalMs);

/** Epoch ms from which each webhook (by URL, kept in memory only) takes its next post. */
const nextSlot = new Map<string, number>();

/**
 * Milliseconds until `webhook`'s next free slot, which is taken: posts to one webhook from this
 * execution environment — concurrent ones included — go at most one per {@link spacingMs},
 * and not before a time {@link holdOff} set. The caller waits that long (see {@link waitForSlot}).
 *
 * @example
 * ```ts
 * takeSlot(url.href); // 0 the first time, then about 1000
 * ```
 */
function takeSlot(webhook: string): number {
  const now = Date.now();
  const slot = Math.max(now, nextSlot.get(webhook) ?? 0);
  nextSlot.set(webhook, slot + spacingMs());
  return slot - now;
}

/**
 * Takes the webhook's next slot and waits for it (aborted with the current work scope).
 *
 * @example
 * ```ts
 * await waitForSlot(url.href);
 * ```
 */
export async function waitForSlot(webhook: string): Promise<void> {
  const wait = takeSlot(webhook);
  if (wait > 0) await pause(wait);
}

/**
 * Keeps every post to `webhook` from this environment back until `ms` from now (a 429's
 * `Retry-After`).
 *
 * @example
 * ```ts
 * holdOff(url.href, 30_000);
 * ```
 */
export function holdOff(webhook: string, ms: number): void {
  nextSlot.set(webhook, Math.max(nextSlot.get(webhook) ?? 0, Date.now() + ms));
}
