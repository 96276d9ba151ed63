/**
 * The child process of a local invocation: a fresh Node process (a cold start) that loads the
 * function bundle, then runs the handler for each `invoke` message with a Lambda-like context.
 * Compiled to .aws-sam/local-build/bootstrap.js and started by `invoke.ts`; never imported.
 */
import { performance } from 'node:perf_hooks';
import { recordFetchRequests } from './http-requests';
import type { ChildMessage, InitMessage, InvocationError, InvokeMessage } from './messages';

const takeHttpRequests = recordFetchRequests();

type Handler = (event: unknown, context: object) => Promise<unknown>;
let handler: Handler | undefined;

const send = (message: ChildMessage) => process.send?.(message);

function toError(error: unknown): InvocationError {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      stack: error.stack
        ?.split('\n')
        .slice(1)
        .map((l) => l.trim()),
    };
  }
  return { errorType: 'Error', errorMessage: String(error) };
}

function init(message: InitMessage) {
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the CommonJS bundle like the Lambda runtime
  const module = require(message.file) as Record<string, unknown>;
  const found = module[message.handler];
  if (typeof found !== 'function')
    throw new Error(`${message.file} does not export a function "${message.handler}"`);
  handler = found as Handler;
  send({ type: 'ready', initMs: performance.now() - started });
}

async function invoke(message: InvokeMessage) {
  const deadline = Date.now() + message.timeoutMs;
  const context = {
    awsRequestId: message.requestId,
    functionName: message.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(message.memorySize),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const started = performance.now();
  /** Sends the invocation's `done` message with its result or error (and what it took). */
  const done = (outcome: { result: unknown } | { error: InvocationError }) =>
    send({
      type: 'done',
      requestId: message.requestId,
      durationMs: performance.now() - started,
      maxMemoryMB: maxMemoryMB(),
      httpRequests: takeHttpRequests(),
      ...outcome,
    });
  takeHttpRequests();
  try {
    // A result that cannot be sent (not serialisable) is reported as the error it raised.
    done({ result: await handler!(message.event, context) });
  } catch (error) {
    done({ error: toError(error) });
  }
}

/** Peak RSS in MB (`maxRSS` is in kilobytes). */
const maxMemoryMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

const crash = (error: unknown) => {
  send({ type: 'crash', error: toError(error) });
  process.exitCode = 1;
  process.disconnect?.();
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.on('message', (message: InitMessage | InvokeMessage | { type: 'exit' }) => {
  if (message.type === 'init') {
    try {
      init(message);
    } catch (error) {
      crash(error);
    }
  } else if (message.type === 'invoke') void invoke(message);
  else process.exit(0);
});
