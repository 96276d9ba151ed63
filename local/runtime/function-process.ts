import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import type { HttpRequestRecord } from './http-requests';
import type { ChildMessage, InvocationError } from './messages';
import { functionNode, unsupportedNodeNotice } from './node-binary';

/** What one invocation produced. */
export interface InvocationOutcome {
  requestId: string;
  result?: unknown;
  error?: InvocationError;
  durationMs: number;
  /** Peak resident memory of the function's process, when it answered. */
  maxMemoryMB?: number;
  /** The `fetch` requests the handler made (http-check, HTTP deploy checks), when it answered. */
  httpRequests?: HttpRequestRecord[];
}

let bootstrap: Promise<string> | undefined;

/** Compiles the child bootstrap once per process (a few ms). */
function bootstrapFile(rootDir: string): Promise<string> {
  const outfile = join(rootDir, '.aws-sam', 'local-build', 'bootstrap.js');
  bootstrap ??= build({
    entryPoints: [join(__dirname, 'bootstrap.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'silent',
  }).then(() => outfile);
  return bootstrap;
}

/**
 * A function running in its own Node process (fresh module state, like a Lambda execution
 * environment): `start` loads the bundle (cold start), `invoke` runs the handler, `close` ends it.
 */
export class FunctionProcess {
  /** Every stdout/stderr line the function printed, in order. */
  readonly logs: string[] = [];
  private readonly waiting: ((message: ChildMessage) => void)[] = [];
  private closed: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.logs.push(line));
    }
    child.on('message', (message: ChildMessage) => this.waiting.shift()?.(message));
    this.closed = new Promise((resolve) => child.on('close', () => resolve()));
    void this.closed.then(() => {
      const crash: ChildMessage = {
        type: 'crash',
        error: { errorType: 'Runtime.ExitError', errorMessage: 'the process exited' },
      };
      while (this.waiting.length) this.waiting.shift()?.(crash);
    });
  }

  /**
   * Starts the process on {@link functionNode} (the pinned Node 24 where installed) and loads `file`;
   * resolves with the module load (init) time. On a Node the project does not support, the AWS SDK's
   * own "node >= 22" notice is turned off in the child (the runner says it once instead); every other
   * warning still shows.
   */
  static async start(options: { rootDir: string; file: string; handler: string; env: NodeJS.ProcessEnv }) {
    const node = functionNode();
    const sdkNotice = unsupportedNodeNotice(node.version)
      ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
      : {};
    const child = fork(await bootstrapFile(options.rootDir), [], {
      execPath: node.execPath,
      env: { ...options.env, ...sdkNotice },
      cwd: join(options.file, '..'),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const running = new FunctionProcess(child);
    const ready = await running.next(() =>
      child.send({ type: 'init', file: options.file, handler: options.handler }),
    );
    // A module that throws while loading fails the invocation, as Runtime.ImportModuleError does in Lambda.
    const error =
      ready.type === 'crash'
        ? { ...ready.error, errorType: `Runtime.ImportModuleError (${ready.error.errorType})` }
        : undefined;
    return { process: running, initMs: ready.type === 'ready' ? ready.initMs : 0, error };
  }

  private next(send: () => void): Promise<ChildMessage> {
    const answer = new Promise<ChildMessage>((resolve) => this.waiting.push(resolve));
    send();
    return answer;
  }

  /** Runs the handler once; a run longer than `timeoutMs` kills the process, like Lambda does. */
  async invoke(
    event: unknown,
    options: { timeoutMs: number; functionName: string; memorySize: number; invokedFunctionArn: string },
  ) {
    const requestId = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<InvocationOutcome>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        const seconds = (options.timeoutMs / 1000).toFixed(2);
        resolve({
          requestId,
          durationMs: options.timeoutMs,
          error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${seconds} seconds` },
        });
      }, options.timeoutMs + 250);
    });
    const answered = this.next(() => this.child.send({ type: 'invoke', event, requestId, ...options })).then(
      (message): InvocationOutcome =>
        message.type === 'done'
          ? {
              requestId,
              durationMs: message.durationMs,
              maxMemoryMB: message.maxMemoryMB,
              httpRequests: message.httpRequests,
              result: message.result,
              error: message.error,
            }
          : { requestId, durationMs: 0, error: message.type === 'crash' ? message.error : undefined },
    );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the process and waits until its output is read. */
  async close(): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'exit' });
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 1_000);
    await this.closed;
    clearTimeout(kill);
  }
}
