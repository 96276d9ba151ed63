import { DeadlineExceededError, PipewrightError, TransientAwsError, describeError } from '../errors';
import { currentScope, pause, remainingWorkMs, runWithDeadline } from '../invocation';
import { countText, formatDuration, truncate } from '../text';

/** Error names AWS services use for throttling (the SDK's own list, plus CloudWatch's query code). */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);
const TIMEOUTS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * Errors that answer with a 5xx status (or a timeout-like 408) but report a fault of configuration
 * that no retry can fix: Lambda's Invoke errors about the function's KMS key, code package, runtime,
 * VPC (subnets, security groups, ENI and IP address limits) and file systems (EFS, S3 Files). Checked
 * against `@aws-sdk/client-lambda`'s modeled errors; `EC2ThrottledException`, `EC2UnexpectedException`,
 * `ENINotReadyException`, `ResourceNotReadyException` and `ServiceException` stay transient.
 */
const PERMANENT = new Set([
  'EC2AccessDeniedException',
  'EFSIOException',
  'EFSMountConnectivityException',
  'EFSMountFailureException',
  'EFSMountTimeoutException',
  'ENILimitReachedException',
  'InvalidRuntimeException',
  'InvalidSecurityGroupIDException',
  'InvalidSubnetIDException',
  'InvalidZipFileException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'S3FilesMountConnectivityException',
  'S3FilesMountFailureException',
  'S3FilesMountTimeoutException',
  'SubnetIPAddressLimitReachedException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Kept between giving up and the work deadline, so the give-up error (not the deadline) is what fails. */
const GIVE_UP_MARGIN_MS = 100;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 8_000;

type AwsLike = Error & {
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
  code?: string;
};

/**
 * Why an error is worth retrying — `throttled`, `server error (HTTP 503)`, `timeout` or
 * `network error (ECONNRESET)` — or `undefined` when a retry cannot help (access denied, validation,
 * not found, or any pipewright error). Follows `cause` (Powertools Parameters wraps SDK errors).
 * Access-denied errors and a named list of configuration faults are never transient, whatever their
 * status: Lambda answers 502 for a disabled KMS key, a broken code package or an invalid subnet.
 *
 * @example
 * ```ts
 * transientKind(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })); // 'throttled'
 * ```
 */
export function transientKind(error: unknown): string | undefined {
  return classify(error)?.kind;
}

/** The transient kind and the error in the `cause` chain that shows it. */
function classify(error: unknown): { kind: string; shownBy: Error } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof PipewrightError) return undefined;
    const e = current as AwsLike;
    if (/AccessDenied(Exception)?$/.test(e.name) || PERMANENT.has(e.name)) return undefined;
    const status = e.$metadata?.httpStatusCode ?? 0;
    if (THROTTLING.has(e.name) || status === 429 || e.$retryable?.throttling)
      return { kind: 'throttled', shownBy: e };
    if (status >= 500) return { kind: `server error (HTTP ${status})`, shownBy: e };
    if (TIMEOUTS.has(e.name)) return { kind: 'timeout', shownBy: e };
    if (e.code !== undefined && NETWORK_CODES.has(e.code))
      return { kind: `network error (${e.code})`, shownBy: e };
    current = e.cause;
  }
  return undefined;
}

/** Options of {@link retryTransient}. */
export interface RetryTransientOptions {
  /**
   * Cut each attempt just before the work deadline, so a hanging call is reported as this call having
   * no answer (default: true). `false` for calls whose slowness is itself the answer, such as invoking the
   * function under test: they run until the work deadline.
   */
  cutBeforeDeadline?: boolean;
}

/** What went wrong on one attempt, for the give-up message. */
type Seen = { label: string; requests: number };

/**
 * Runs one AWS call (`attempt`, which the SDK may itself retry) and retries it while it fails
 * transiently ({@link transientKind}), with exponential backoff (1 s doubling to 8 s, jittered), for as
 * long as the current work scope has time: never into the reporting reserve. Each attempt is cut just
 * before the work deadline (see {@link RetryTransientOptions}), so a call that hangs ends here, named,
 * instead of as an anonymous deadline.
 * When time runs out it throws a {@link TransientAwsError} saying which call, which errors, how many
 * attempts over how long; a non-transient error is rethrown at once. Outside a work scope there is no
 * budget to spend: one attempt, its error rethrown.
 *
 * @example
 * ```ts
 * const answer = await retryTransient('GetDeployment', () => codedeploy().send(new GetDeploymentCommand({ deploymentId })));
 * ```
 */
export async function retryTransient<T>(
  call: string,
  attempt: () => Promise<T>,
  options: RetryTransientOptions = {},
): Promise<T> {
  if (!currentScope()) return attempt();
  const cut = options.cutBeforeDeadline ?? true;
  const started = Date.now();
  const seen: Seen[] = [];
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    let error: unknown;
    try {
      return await (cut ? runWithDeadline(timeLeft(), async () => attempt()) : attempt());
    } catch (thrown) {
      error = thrown;
    }
    const outOfTime = error instanceof DeadlineExceededError && !currentScope()?.signal.aborted;
    const transient = outOfTime ? undefined : classify(error);
    if (!outOfTime && !transient) throw error;
    const label = transient
      ? `${truncate(describeError(transient.shownBy), 200)} (${transient.kind})`
      : 'no answer in the time left';
    seen.push({ label, requests: (transient?.shownBy as AwsLike | undefined)?.$metadata?.attempts ?? 1 });
    const wait = delay / 2 + (Math.random() * delay) / 2;
    if (outOfTime || timeLeft() <= wait) throw giveUp(call, seen, Date.now() - started, error);
    await pause(wait);
  }
}

/** The work scope's time left, minus the margin kept to give up before its deadline. */
function timeLeft(): number {
  return remainingWorkMs() - GIVE_UP_MARGIN_MS;
}

function giveUp(call: string, seen: Seen[], elapsedMs: number, last: unknown): TransientAwsError {
  const counts = new Map<string, number>();
  for (const { label } of seen) counts.set(label, (counts.get(label) ?? 0) + 1);
  const errors = [...counts].map(([label, n]) => (n > 1 ? `${label} ×${n}` : label)).join(', ');
  const requests = seen.reduce((sum, s) => sum + s.requests, 0);
  const sdk = requests > seen.length ? ` (${requests} requests with the SDK's own retries)` : '';
  return new TransientAwsError(
    `${call} failed transiently until the work's time was spent: ${countText(seen.length, 'attempt')}${sdk} ` +
      `over ${formatDuration(elapsedMs)}: ${errors}. This is a transient AWS problem, not a verdict on what ` +
      "was checked: retry; if it persists, check the AWS Health Dashboard and the account's API quotas, or " +
      "raise the function's Timeout",
    { cause: last },
  );
}
