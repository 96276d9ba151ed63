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
 * @param options.attempts the requests the SDK made before giving up, as `$metadata.attempts` (default:
 * unset, read as one)
 *
 * @example
 * ```ts
 * mock.on(GetDeploymentCommand).rejects(awsError(DeploymentDoesNotExistException, 'No deployment d-1'));
 * mock.on(PublishCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
 * mock.on(GetDeploymentCommand).rejects(awsError('InternalFailure', undefined, 500, { attempts: 5 }));
 * ```
 */
export function awsError<E extends Error>(
  kind: string | ModeledException<E>,
  message?: string,
  httpStatusCode = 400,
  options: { attempts?: number } = {},
): Error {
  const $metadata = {
    httpStatusCode,
    ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
  };
  if (typeof kind !== 'string')
    return new kind({ message: message ?? `${kind.name} from the service`, $metadata });
  const $fault = httpStatusCode >= 500 ? 'server' : 'client';
  return Object.assign(new Error(message ?? `${kind} from the service`), { name: kind, $fault, $metadata });
}
