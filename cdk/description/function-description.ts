import type { DescriptionScope } from './scope';

/** One IAM policy statement of a function's role, with a Sid that names what it is for. */
export interface StatementDescription {
  readonly sid: string;
  /** (default: `Allow`) */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Record<string, Record<string, string | readonly string[]>>;
}

/** An EventBridge rule on the account's default event bus that invokes the function. */
export interface RuleDescription {
  /** The event's id under the function's `Events` in template.yaml, e.g. `PipelineExecution`. */
  readonly id: string;
  /** Suffix of the rule's name: template.yaml names it `<stack name>-<nameSuffix>`. */
  readonly nameSuffix: string;
  /** The event pattern (JSON, EventBridge syntax). */
  pattern(scope: DescriptionScope): Record<string, unknown>;
  /**
   * EventBridge's retries, and whether what is still undelivered goes to the notifier's dead-letter
   * queue (default: `sharedFunctionProps.ruleTarget`, with the queue).
   */
  readonly target?: {
    readonly retryAttempts: number;
    readonly maxEventAgeSeconds: number;
    readonly deadLetterQueue: boolean;
  };
}

/** An EventBridge schedule (a rule of the default event bus) that invokes the function. */
export interface ScheduleDescription {
  /** The event's id under the function's `Events` in template.yaml, e.g. `Sweep`. */
  readonly id: string;
  /** Suffix of the rule's name: template.yaml names it `<stack name>-<nameSuffix>`. */
  readonly nameSuffix: string;
  /** `rate(…)` or `cron(…)`. */
  readonly expression: string;
  readonly description: string;
}

/**
 * One pipewright Lambda function, as template.yaml deploys it and as the CDK constructs build it:
 * the single source of truth for both (test/template/function-descriptions.test.ts checks the template
 * against it). What all functions share is in `shared.ts`.
 *
 * @example
 * ```ts
 * export const pingFunction: FunctionDescription = {
 *   logicalId: 'PingFunction',
 *   service: 'ping',
 *   description: 'Answers pong',
 *   entryPoint: 'functions/ping/index.ts',
 *   timeoutSeconds: 30,
 *   environment: () => ({}),
 *   statements: () => [],
 * };
 * ```
 */
export interface FunctionDescription {
  /** The function's logical id in template.yaml. */
  readonly logicalId: string;
  /** `POWERTOOLS_SERVICE_NAME`, the metric `service` dimension and the last segment of its log group. */
  readonly service: string;
  /** The Lambda function's description. */
  readonly description: string;
  /** The Lambda entry (exports `handler`), relative to the repository root. */
  readonly entryPoint: string;
  readonly timeoutSeconds: number;
  /** Asynchronous invocations: Lambda's retries and the age after which an event is dropped (default: `sharedFunctionProps.asyncInvoke`). */
  readonly asyncInvoke?: { readonly retryAttempts: number; readonly maxEventAgeSeconds: number };
  /** The function's own environment variables (those of every function are in `shared.ts`). */
  environment(scope: DescriptionScope): Record<string, string>;
  /** The statements of its role that pipewright writes (not Lambda's logging, tracing and failure queue). */
  statements(scope: DescriptionScope): StatementDescription[];
  /** Rules on the default event bus that invoke it (default: none). */
  readonly rules?: readonly RuleDescription[];
  /** Schedules that invoke it (default: none). */
  readonly schedules?: readonly ScheduleDescription[];
}
