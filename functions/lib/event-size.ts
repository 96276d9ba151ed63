import * as z from 'zod';
import { ConfigurationError } from './errors';
import { formatCap, utf8Bytes } from './text';

/**
 * Largest invocation event a handler accepts, in bytes of JSON (default: 262,144 = 256 KiB). Every event
 * these functions serve — a CodePipeline job, a CodeDeploy lifecycle hook, an EventBridge state change of
 * CodePipeline, CodeBuild or CodeDeploy — is a few KB, and AWS emits them within 256 KB (EventBridge's
 * and Lambda's asynchronous limit before both were raised to 1 MB): a larger event was made by hand or
 * tampered with, and is refused before it is parsed.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

/** Largest event EventBridge delivers, in bytes (1 MB since 2025): the notifier's limit. */
export const MAX_EVENTBRIDGE_EVENT_BYTES = 1_048_576;

/** Options of {@link eventSizeProblem} and {@link checkEventSize}. */
export interface EventSizeOptions {
  /** How messages name the event (default: `The event`). */
  what?: string;
  /** What a genuine event is, in words (default: `an event of this function`). */
  kind?: string;
  /** The limit in bytes of JSON (default: {@link MAX_EVENT_BYTES}). */
  maxBytes?: number;
}

/**
 * Why an event is refused for its size — it is more than `maxBytes` bytes of JSON, or not JSON at all
 * (a cycle, a BigInt: nothing Lambda could have delivered) — or `undefined`. Never quotes the event.
 *
 * @example
 * ```ts
 * eventSizeProblem({ pad: 'x'.repeat(300_000) }, { what: 'The job event' });
 * // 'The job event is 300011 bytes of JSON; an event of this function is at most 262144 bytes (256 KiB): whoever invoked the function sent something else'
 * ```
 */
export function eventSizeProblem(event: unknown, options: EventSizeOptions = {}): string | undefined {
  const { what = 'The event', kind = 'an event of this function', maxBytes = MAX_EVENT_BYTES } = options;
  const bytes = jsonBytes(event);
  if (bytes !== undefined && bytes <= maxBytes) return undefined;
  const size = bytes === undefined ? 'not JSON' : `${bytes} bytes of JSON`;
  return `${what} is ${size}; ${kind} is at most ${maxBytes} bytes (${formatCap(maxBytes)}): whoever invoked the function sent something else`;
}

/**
 * Throws a {@link ConfigurationError} saying the size and the limit when {@link eventSizeProblem}
 * finds one. Call it before parsing, inside the handler's report guard when the event's ids are
 * known (the job or hook then gets its failure result).
 *
 * @example
 * ```ts
 * checkEventSize(event, { what: 'The hook event', kind: 'a CodeDeploy lifecycle hook event' });
 * ```
 */
export function checkEventSize(event: unknown, options: EventSizeOptions = {}): void {
  const problem = eventSizeProblem(event, options);
  if (problem) throw new ConfigurationError(problem);
}

function jsonBytes(event: unknown): number | undefined {
  try {
    const text = JSON.stringify(event);
    return text === undefined ? 0 : utf8Bytes(text);
  } catch {
    return undefined; // a cycle or a BigInt
  }
}

/**
 * {@link checkEventSize} for parsers whose callers report schema issues (an event family's `parse` in
 * the notifier): throws a `ZodError` with one custom issue at the event's root whose message is the
 * problem, so a formatter shows it as written — it quotes no value, only sizes.
 *
 * @example
 * ```ts
 * try {
 *   checkEventSizeIssue(event);
 *   n = source.parse(event);
 * } catch (error) {
 *   return rejected(source.name, event, error); // "… not a valid codebuild-build event: The event is 300011 bytes of JSON; …"
 * }
 * ```
 */
export function checkEventSizeIssue(event: unknown, options: EventSizeOptions = {}): void {
  const problem = eventSizeProblem(event, options);
  if (problem) throw new z.ZodError([{ code: 'custom', path: [], message: problem, input: undefined }]);
}
