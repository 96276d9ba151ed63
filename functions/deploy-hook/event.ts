import * as z from 'zod';
import { UnsupportedEventError } from '../lib/errors';
import { formatIssues } from '../lib/schema';

const hookEvent = z.object({
  DeploymentId: z.string().trim().min(1),
  LifecycleEventHookExecutionId: z.string().trim().min(1),
});

/** The event CodeDeploy sends a lifecycle hook. */
type HookEvent = z.infer<typeof hookEvent>;

/**
 * Validates a CodeDeploy lifecycle hook event, throwing an {@link UnsupportedEventError} naming each
 * missing or empty field (nothing can be reported without both ids).
 *
 * @example
 * ```ts
 * parseHookEvent({ DeploymentId: 'd-PWOK00001' });
 * // UnsupportedEventError: Not a CodeDeploy lifecycle hook event: LifecycleEventHookExecutionId: expected text, got nothing
 * ```
 */
export function parseHookEvent(event: unknown): HookEvent {
  const parsed = hookEvent.safeParse(event, { reportInput: true });
  if (!parsed.success) {
    throw new UnsupportedEventError(
      `Not a CodeDeploy lifecycle hook event: ${formatIssues(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}
