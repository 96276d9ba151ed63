import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { currentScope } from './invocation';
import { tracer } from './observability';

/**
 * An HTTP handler that passes the current work scope's abort signal to every request, so an AWS call
 * still running when the deadline hits is cancelled instead of eating the time reserved for reporting,
 * and caps each attempt at the scope's `attemptTimeoutMs` so that retries fit in the scope's budget.
 */
class ScopedAbortHandler extends NodeHttpHandler {
  constructor(
    private readonly requestTimeoutMs: number,
    options: NodeHttpHandlerOptions,
  ) {
    super(options);
  }

  override handle(...[request, options = {}]: Parameters<NodeHttpHandler['handle']>) {
    const scope = currentScope();
    const abortSignal = options.abortSignal ?? scope?.signal;
    const cap = scope?.attemptTimeoutMs;
    const requestTimeout =
      cap === undefined
        ? options.requestTimeout
        : Math.min(options.requestTimeout ?? this.requestTimeoutMs, cap);
    return super.handle(request, { ...options, abortSignal, requestTimeout });
  }
}

/** Options of {@link awsClient}: HTTP timeouts plus any SDK client configuration. */
export interface AwsClientOptions<Config> {
  /** Time to establish a TCP connection (default: 3000 ms). */
  connectionTimeoutMs?: number;
  /**
   * Time one attempt (request and response) may take before it fails with a TimeoutError, which the
   * SDK's retry strategy retries (default: 30000 ms). Calls that legitimately run long (a Lambda
   * Invoke) need more; the work scope's deadline still aborts them.
   */
  requestTimeoutMs?: number;
  /** Extra client configuration (credentials for artifact reads, ...). Never an endpoint or region. */
  config?: Config;
}

/**
 * Creates an AWS SDK v3 client the pipewright way: default endpoint and region resolution (so
 * `AWS_ENDPOINT_URL` redirects it), the SDK's own retry strategy (`AWS_MAX_ATTEMPTS`,
 * `AWS_RETRY_MODE`), the work scope's abort signal on every request, and X-Ray capture.
 *
 * @example
 * ```ts
 * const ssm = awsClient(SSMClient);
 * await ssm.send(new GetCalendarStateCommand({ CalendarNames: ['prod-freeze'] }));
 * ```
 */
export function awsClient<Client extends object, Config extends object>(
  ClientClass: new (config: Config) => Client,
  options: AwsClientOptions<Config> = {},
): Client {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const handlerOptions: NodeHttpHandlerOptions = {
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout,
    // Without this the handler only logs a warning when requestTimeout passes and keeps waiting.
    throwOnRequestTimeout: true,
  };
  const client = new ClientClass({
    ...(options.config ?? ({} as Config)),
    requestHandler: new ScopedAbortHandler(requestTimeout, handlerOptions),
  });
  nameCallsOnErrors(client as unknown as MiddlewareClient);
  return tracer.captureAWSv3Client(client);
}

/** The part of an SDK client {@link nameCallsOnErrors} uses. */
interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** IAM actions whose name differs from the API operation's. */
const IAM_ACTION_NAMES: Record<string, string> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

/**
 * Names the IAM action of the call on every error a client throws (`error.awsCall =
 * 'cloudwatch:DescribeAlarms'`), so that a denial can say which permission to grant (`deniedAction`).
 */
function nameCallsOnErrors(client: MiddlewareClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && !Object.hasOwn(error, 'awsCall') && context.commandName) {
          const service = (context.clientName ?? '').replace(/Client$/, '').toLowerCase();
          const call = `${service}:${context.commandName.replace(/Command$/, '')}`;
          Object.defineProperty(error, 'awsCall', { value: IAM_ACTION_NAMES[call] ?? call });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'pipewrightNameCall' },
  );
}

/**
 * A lazily created, then reused, client: created on first use so that modules can be imported
 * (and tests can set the environment) before any client exists.
 *
 * @example
 * ```ts
 * const cloudwatch = lazyClient(CloudWatchClient);
 * await cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames }));
 * ```
 */
export function lazyClient<Client extends object, Config extends object>(
  ClientClass: new (config: Config) => Client,
  options: AwsClientOptions<Config> = {},
): () => Client {
  let client: Client | undefined;
  return () => (client ??= awsClient(ClientClass, options));
}
