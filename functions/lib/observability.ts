import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

type Annotation = string | number | boolean;

/** One piece of work's own correlation keys and X-Ray subsegment (see {@link correlated}). */
interface CorrelationScope {
  readonly keys: Record<string, Annotation>;
  readonly segment?: { addAnnotation(key: string, value: Annotation): void };
}

const scopes = new AsyncLocalStorage<CorrelationScope>();

/** The Powertools Logger, adding to each line the correlation keys of the scope it is logged in. */
class ScopedLogger extends Logger {
  protected override createAndPopulateLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ): ReturnType<Logger['createAndPopulateLogItem']> {
    const keys = scopes.getStore()?.keys;
    const extra = keys ? ([keys, ...extraInput] as LogItemExtraInput) : extraInput;
    return super.createAndPopulateLogItem(logLevel, input, extra);
  }
}

/**
 * The Powertools Logger, Tracer and Metrics of this function. The service name comes from
 * `POWERTOOLS_SERVICE_NAME` (set per function in template.yaml). Outside Lambda (tests, the local
 * runner) the tracer disables itself and metrics are printed, or muted with `POWERTOOLS_METRICS_DISABLED`.
 */
export const logger: Logger = new ScopedLogger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pipewright',
});

/** X-Ray tracer; every AWS SDK client is captured through it (see `clients.ts`). */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pipewright' });

/** CloudWatch metrics in Embedded Metric Format, namespace `POWERTOOLS_METRICS_NAMESPACE` (default `Pipewright`). */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Pipewright',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pipewright',
});

/**
 * Adds correlation keys to every following log line of this invocation and as X-Ray annotations
 * (indexed: find a trace by `jobId`, `deploymentId`, `pipelineName`...). Undefined values are skipped.
 * Inside {@link correlated} work they belong to that work only (its log lines, its subsegment).
 *
 * @example
 * ```ts
 * correlate({ jobId: job.id, pipelineName: job.pipelineName });
 * ```
 */
export function correlate(keys: Record<string, Annotation | undefined>): void {
  const defined = Object.fromEntries(
    Object.entries(keys).filter(([, value]) => value !== undefined),
  ) as Record<string, Annotation>;
  const scope = scopes.getStore();
  if (scope) Object.assign(scope.keys, defined);
  else logger.appendKeys(defined);
  for (const [key, value] of Object.entries(defined)) {
    if (scope) scope.segment?.addAnnotation(key, value);
    else tracer.putAnnotation(key, value);
  }
}

/**
 * Runs `work` with correlation keys of its own, so that pieces of work running concurrently in one
 * invocation (the jobs of one poll) never mix their keys: what {@link correlate} adds inside goes to
 * the log lines logged inside only, and as annotations to an X-Ray subsegment `name` of its own.
 *
 * @example
 * ```ts
 * await Promise.all(jobs.map((job) => correlated('## job', () => runJob(registry, job, context))));
 * ```
 */
export async function correlated<R>(name: string, work: () => Promise<R>): Promise<R> {
  const segment = tracer.getSegment()?.addNewSubsegment(name);
  try {
    return await scopes.run({ keys: {}, segment }, work);
  } finally {
    segment?.close();
  }
}

/**
 * Wraps a handler with the per-invocation observability work Powertools middlewares would do: Lambda
 * context in every log line, a `## handler` subsegment with cold-start annotation, metrics flushed
 * once, correlation keys reset. The raw event is never logged (CodePipeline events carry credentials).
 *
 * @example
 * ```ts
 * export const handler = instrument(runHook); // runHook(event, context): Promise<HookVerdict>
 * ```
 */
export function instrument<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric();
    const parent = tracer.getSegment();
    const segment = parent?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    if (segment) tracer.setSegment(segment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      segment?.close();
      if (parent) tracer.setSegment(parent);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
