import * as z from 'zod';
import { ConfigurationError, PipewrightError } from '../../lib/errors';
import { formatIssues } from '../../lib/schema';

/** Version of the continuation token envelope; bump it when the envelope changes. */
const TOKEN_VERSION = 1;

/** CodePipeline's limit on a continuation token. */
const MAX_TOKEN_CHARS = 2048;

const envelope = z.object({ v: z.literal(TOKEN_VERSION), task: z.string(), state: z.unknown().optional() });

/**
 * Wraps a task's state in a continuation token `{"v":1,"task":…,"state":…}`, refusing a state that
 * would not fit CodePipeline's 2048-character limit (a clear failure instead of a rejected call).
 *
 * @example
 * ```ts
 * encodeContinuation('run-automation', { executionId: 'a1b2…' }); // '{"v":1,"task":"run-automation",…}'
 * ```
 */
export function encodeContinuation(task: string, state: unknown): string {
  const token = JSON.stringify({ v: TOKEN_VERSION, task, state });
  if (token === undefined || token.length > MAX_TOKEN_CHARS) {
    throw new PipewrightError(
      `The ${task} task handed over a state of ${token?.length ?? 0} characters; a continuation token holds at most ${MAX_TOKEN_CHARS}. This is a bug in the task: keep its state small.`,
    );
  }
  return token;
}

/**
 * Reads a continuation token back, checking its version, that it belongs to `task` (the task `source`
 * names: default `UserParameters`), and that its state matches the task's state schema. A token from
 * another task or a tampered one is rejected. A token without a state hands over a job whose task
 * never started (a worker out of time): `undefined`, the task starts from the beginning.
 */
export function decodeContinuation<State>(
  token: string,
  task: string,
  schema: z.ZodType<State>,
  source = 'UserParameters',
): State | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(token);
  } catch {
    throw new ConfigurationError('The continuation token is not one this function wrote (not JSON)');
  }
  const parsed = envelope.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigurationError(
      `The continuation token is not one this function wrote (expected version ${TOKEN_VERSION}: ${formatIssues(parsed.error.issues, 'token')})`,
    );
  }
  if (parsed.data.task !== task) {
    throw new ConfigurationError(
      `The continuation token belongs to task "${parsed.data.task}", but ${source} asks for "${task}"`,
    );
  }
  if (parsed.data.state === undefined) return undefined;
  const state = schema.safeParse(parsed.data.state);
  if (!state.success) {
    throw new ConfigurationError(
      `The continuation token of task "${task}" holds an invalid state: ${formatIssues(state.error.issues, 'state')}`,
    );
  }
  return state.data;
}
