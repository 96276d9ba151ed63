/** A modeled exception class of an SDK client package (`DeploymentDoesNotExistException`, ...). */
// The options of each class also name its own members; constructor parameters are compared bivariantly.
export type ModeledException<E extends Error> = new (options: {
  message: string;
  $metadata: { httpStatusCode?: number };
}) => E;

/**
 * An error as an AWS SDK v3 client throws it. Pass a modeled exception class of the client package
 * (`new DeploymentDoesNotExistException({ message, $metadata })`, `instanceof` works), or the name of an
 * error the service model does not declare (`ThrottlingException`, `AccessDeniedException`, ...: the SDK
 * sets `name` from the error code).
 *
 * @param message what the service says (default: `<name> from the service`)
 * @param httpStatusCode the answer's status (default: 400)
 *
 * @example
 * ```ts
 * mock.on(GetDeploymentCommand).rejects(awsError(DeploymentDoesNotExistException, 'No deployment d-1'));
 * mock.on(PublishCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
 * ```
 */
export function awsError<E extends Error>(
  kind: string | ModeledException<E>,
  message?: string,
  httpStatusCode = 400,
): Error {
  const $metadata = { httpStatusCode };
  if (typeof kind !== 'string')
    return new kind({ message: message ?? `${kind.name} from the service`, $metadata });
  const $fault = httpStatusCode >= 500 ? 'server' : 'client';
  return Object.assign(new Error(message ?? `${kind} from the service`), { name: kind, $fault, $metadata });
}
