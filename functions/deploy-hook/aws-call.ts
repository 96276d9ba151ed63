import { type RetryTransientOptions, retryTransient } from '../lib/aws/transient';
import { ConfigurationError, describeError, isAccessDenied } from '../lib/errors';

/** Options of {@link hookCall}. */
interface HookCallOptions extends RetryTransientOptions {
  /** What to fix when AWS denies the call (default: allow the action in the hook's role). */
  whenDenied?: string;
}

/**
 * Runs one AWS call of the hook's work: transient errors (throttling, 5xx, timeouts, network) are
 * retried within the work budget ({@link retryTransient}); an access-denied answer fails at once with a
 * {@link ConfigurationError} naming the IAM action and what to fix. Other errors are rethrown for the
 * caller to explain.
 *
 * @example
 * ```ts
 * const answer = await hookCall('GetDeployment', 'codedeploy:GetDeployment', () =>
 *   codedeploy().send(new GetDeploymentCommand({ deploymentId })),
 * );
 * ```
 */
export async function hookCall<T>(
  call: string,
  iamAction: string,
  send: () => Promise<T>,
  options: HookCallOptions = {},
): Promise<T> {
  try {
    return await retryTransient(call, send, options);
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    const fix =
      options.whenDenied ?? `the role of DeployHookFunction (template.yaml) must allow ${iamAction}`;
    throw new ConfigurationError(`AWS denied ${iamAction} (${describeError(error)}): ${fix}`, {
      cause: error,
    });
  }
}
