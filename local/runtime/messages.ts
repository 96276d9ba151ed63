import type { HttpRequestRecord } from './http-requests';

/** Parent → child: load the bundle (the cold start). */
export interface InitMessage {
  type: 'init';
  file: string;
  handler: string;
}

/** Parent → child: run the handler once on an event. */
export interface InvokeMessage {
  type: 'invoke';
  event: unknown;
  requestId: string;
  timeoutMs: number;
  functionName: string;
  memorySize: number;
  invokedFunctionArn: string;
}

/** An error as the Lambda runtime reports it. */
export interface InvocationError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready'; initMs: number }
  | {
      type: 'done';
      requestId: string;
      durationMs: number;
      /** Peak resident memory of the process so far, like Lambda's "Max Memory Used". */
      maxMemoryMB: number;
      /** The `fetch` requests the handler made during this invocation. */
      httpRequests: HttpRequestRecord[];
      result?: unknown;
      error?: InvocationError;
    }
  | { type: 'crash'; error: InvocationError };
