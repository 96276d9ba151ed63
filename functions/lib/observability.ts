import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/**
 * The Powertools Logger, Tracer and Metrics of this function. The service name comes from
 * `POWERTOOLS_SERVICE_NAME` (set per function in template.yaml). Outside Lambda (tests, the local
 * runner) the tracer disables itself and metrics are printed, or muted with `POWERTOOLS_METRICS_DISABLED`.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pipewright' });

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
 *
 * @example
 * ```ts
 * correlate({ jobId: job.id, pipelineName: job.pipelineName });
 * ```
 */
export function correlate(keys: Record<string, string | number | boolean | undefined>): void {
  const defined = Object.fromEntries(
    Object.entries(keys).filter(([, value]) => value !== undefined),
  ) as Record<string, string | number | boolean>;
  logger.appendKeys(defined);
  for (const [key, value] of Object.entries(defined)) tracer.putAnnotation(key, value);
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
