import { utf8Bytes } from '../lib/text';
import type { Outline } from './outline';
import type { Platform } from './platforms/platform';
import { DETAIL_LEVELS, shrink } from './shrink';

/** A body ready to post: its JSON, its size, and how far it was shortened (0: not at all). */
export interface FittedBody {
  json: string;
  bytes: number;
  /** Index in {@link DETAIL_LEVELS}: 0 is the full message. */
  level: number;
}

/**
 * The fullest rendering of `outline` that the platform takes — within its byte limit and its
 * structural limits — trying each of {@link DETAIL_LEVELS} in turn: shrink, never drop the failure. The
 * last level fits any notification (tested); were it not to, it is posted anyway and the platform's
 * refusal fails the invocation.
 *
 * @example
 * ```ts
 * const { json, level } = fitBody(slack, outlineOf(n)); // level 0 for a notification of usual size
 * ```
 */
export function fitBody(platform: Platform, outline: Outline): FittedBody {
  let fitted: FittedBody | undefined;
  for (const [level, detail] of DETAIL_LEVELS.entries()) {
    const body = platform.render(shrink(outline, detail));
    const json = JSON.stringify(body);
    fitted = { json, bytes: utf8Bytes(json), level };
    if (fitted.bytes <= platform.maxBytes && (platform.valid?.(body) ?? true)) return fitted;
  }
  return fitted!;
}
