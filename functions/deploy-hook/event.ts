import * as z from 'zod';
import { ConfigurationError, UnsupportedEventError } from '../lib/errors';
import { checkEventSize } from '../lib/event-size';
import { formatIssues } from '../lib/schema';

/**
 * Longest id the hook sends back to CodeDeploy (default: 8192 characters). Real ids are far shorter
 * (`d-` + 9 characters; a hook execution id is a ~600-character token); a longer one cannot be a
 * CodeDeploy id, so no status is sent for it.
 */
const MAX_ID_CHARS = 8_192;

// No trim, no normalisation: CodeDeploy matches the ids byte for byte.
const hookEvent = z.object({
  DeploymentId: z.string().min(1),
  LifecycleEventHookExecutionId: z.string().min(1),
});

/** The ids of a CodeDeploy lifecycle hook invocation, exactly as received. */
export interface HookIds {
  deploymentId: string;
  lifecycleEventHookExecutionId: string;
}

/**
 * Reads the two ids of a CodeDeploy lifecycle hook event, exactly as received (never trimmed or
 * normalised). Throws an {@link UnsupportedEventError} naming each missing, empty or non-string field:
 * without both ids nothing can be reported. The rest of the event is checked by {@link checkHookEvent}.
 *
 * @example
 * ```ts
 * hookIdsOf({ DeploymentId: 'd-PWOK00001' });
 * // UnsupportedEventError: Not a CodeDeploy lifecycle hook event: LifecycleEventHookExecutionId: expected text, got nothing
 * ```
 */
export function hookIdsOf(event: unknown): HookIds {
  const parsed = hookEvent.safeParse(event, { reportInput: true });
  if (!parsed.success) {
    throw new UnsupportedEventError(
      `Not a CodeDeploy lifecycle hook event (expected {DeploymentId, LifecycleEventHookExecutionId}, both non-empty strings): ${formatIssues(parsed.error.issues)}`,
    );
  }
  return {
    deploymentId: parsed.data.DeploymentId,
    lifecycleEventHookExecutionId: parsed.data.LifecycleEventHookExecutionId,
  };
}

/**
 * Why no status can be sent for these ids (an id longer than {@link MAX_ID_CHARS}), or `undefined`.
 *
 * @example
 * ```ts
 * unreportableIds({ deploymentId: 'd-1', lifecycleEventHookExecutionId: 'x'.repeat(9000) });
 * // 'LifecycleEventHookExecutionId is 9000 characters long; CodeDeploy ids are at most 8192 here'
 * ```
 */
export function unreportableIds(ids: HookIds): string | undefined {
  const problems = [
    ['DeploymentId', ids.deploymentId],
    ['LifecycleEventHookExecutionId', ids.lifecycleEventHookExecutionId],
  ].filter(([, id]) => id!.length > MAX_ID_CHARS);
  if (problems.length === 0) return undefined;
  return `${problems.map(([field, id]) => `${field} is ${id!.length} characters long`).join(' and ')}; CodeDeploy ids are at most ${MAX_ID_CHARS} here`;
}

/**
 * Checks a hook event whose ids are known (inside the report-once guard, so a bad event is reported
 * `Failed` rather than left for CodeDeploy's one-hour timeout): at most 256 KiB of JSON (the shared
 * {@link checkEventSize}), ids no longer than {@link MAX_ID_CHARS}. Throws a {@link ConfigurationError}
 * saying what is wrong.
 *
 * @example
 * ```ts
 * checkHookEvent(event, hookIdsOf(event)); // ConfigurationError: The hook event is 300000 bytes of JSON …
 * ```
 */
export function checkHookEvent(event: unknown, ids: HookIds): void {
  checkEventSize(event, {
    what: 'The hook event',
    kind: 'a CodeDeploy lifecycle hook event ({DeploymentId, LifecycleEventHookExecutionId})',
  });
  const unreportable = unreportableIds(ids);
  if (unreportable)
    throw new ConfigurationError(`The hook event's ids are not CodeDeploy ids: ${unreportable}`);
}
