/**
 * Named error classes shared by every handler. Each carries a stable `name` and an optional `cause`,
 * so logs and failure reports can say *what kind* of problem happened without parsing messages.
 *
 * @example
 * ```ts
 * throw new ConfigurationError('UserParameters is not valid JSON', { cause: err });
 * ```
 */
export class PipewrightError extends Error {
  // Names are literals, not `new.target.name`: the minified bundles rename classes.
  override name = 'PipewrightError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller's input (event, UserParameters, configuration) is wrong; retrying cannot help. */
export class ConfigurationError extends PipewrightError {
  override name = 'ConfigurationError';
}

/** A value loaded from Parameter Store does not validate; the message names the parameter. */
export class ConfigParameterError extends ConfigurationError {
  override name = 'ConfigParameterError';
  constructor(
    message: string,
    /** Full names of the parameters that failed validation. */
    readonly parameterNames: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The invocation event is not the kind of event this handler serves; nothing is reported. */
export class UnsupportedEventError extends PipewrightError {
  override name = 'UnsupportedEventError';
}

/** The work ran out of time before the Lambda deadline minus the reporting reserve. */
export class DeadlineExceededError extends PipewrightError {
  override name = 'DeadlineExceededError';
}

/**
 * An AWS call kept failing with transient errors (throttling, a 5xx answer, a timeout or a network
 * error) until the time it was allowed was spent. The message names the call, the errors, the attempts
 * and how long they took; the last error is the `cause`.
 */
export class TransientAwsError extends PipewrightError {
  override name = 'TransientAwsError';
}

/** Returns a one-line, human readable description of any thrown value; never throws itself. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`;
  }
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error); // a null-prototype object has no toString
  }
}

/** The error name AWS SDK v3 exceptions carry (`ThrottlingException`, `AccessDeniedException`, ...). */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** Error names AWS uses for a denied call (IAM, KMS, expired or unknown credentials). */
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'KMS.AccessDeniedException',
]);

/**
 * True when AWS denied a call (an access-denied name or HTTP 403 anywhere in the `cause` chain, which
 * Powertools Parameters wraps): a permission to fix in a role or key policy, never worth retrying.
 *
 * @example
 * ```ts
 * isAccessDenied(Object.assign(new Error('no'), { name: 'AccessDeniedException' })); // true
 * ```
 */
export function isAccessDenied(error: unknown): boolean {
  return deniedError(error) !== undefined;
}

/**
 * The IAM action of a denied call (`cloudwatch:DescribeAlarms`), as the pipewright clients name the
 * calls on their errors (see `awsClient`); `undefined` when the error is no denial or the call is not named.
 */
export function deniedAction(error: unknown): string | undefined {
  return deniedError(error)?.awsCall;
}

type AwsCallError = Error & { awsCall?: string; $metadata?: { httpStatusCode?: number } };

function deniedError(error: unknown): AwsCallError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const e = current as AwsCallError;
    // Lambda answers 403 for an EFS mount failure of the function invoked: its configuration, not a denial.
    const forbidden = e.$metadata?.httpStatusCode === 403 && !e.name.startsWith('EFS');
    if (ACCESS_DENIED.has(e.name) || forbidden) return e;
    current = e.cause;
  }
  return undefined;
}
