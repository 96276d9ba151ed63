import { truncate } from '../../lib/text';
import type { Outline } from '../outline';

/**
 * One chat platform: how a channel of its `type` renders an outline and where it posts it. Adding a
 * platform means adding a file exporting one `Platform` and a line in `platforms/index.ts`.
 */
export interface Platform {
  /** The channel `type` that selects it (`slack`, `teams`, `google-chat`). */
  readonly name: string;
  /** How people call it (`Slack`), in logs and messages. */
  readonly label: string;
  /** The largest request body the platform takes, in UTF-8 bytes of the JSON. */
  readonly maxBytes: number;
  /** The request body for an outline (each text escaped and cut to the platform's per-element limits). */
  render(outline: Outline): object;
  /** Whether a rendered body keeps the platform's structural limits (Slack: 50 blocks) (default: it does). */
  valid?(body: object): boolean;
  /** The URL to post an outline to (Google Chat adds its threading options) (default: the webhook URL). */
  postUrl?(webhook: URL, outline: Outline): URL;
}

/**
 * Joins lines into texts of at most `maxChars` characters each (a longer line is cut), for platforms
 * that cap one text element (a Slack section: 3,000 characters).
 *
 * @example
 * ```ts
 * packLines(['a'.repeat(2_000), 'b'.repeat(2_000)], 3_000); // two texts
 * ```
 */
export function packLines(lines: readonly string[], maxChars: number, join = '\n'): string[] {
  const texts: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const cut = truncate(line, maxChars);
    if (current !== undefined && current.length + join.length + cut.length <= maxChars) current += join + cut;
    else {
      if (current !== undefined) texts.push(current);
      current = cut;
    }
  }
  if (current !== undefined) texts.push(current);
  return texts;
}
