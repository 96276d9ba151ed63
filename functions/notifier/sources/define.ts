import * as z from 'zod';
import type { Notification } from '../model';

/** The EventBridge envelope every event has (the detail is parsed by each source). */
export const envelopeSchema = z.object({
  source: z.string(),
  'detail-type': z.string(),
  account: z.string().default('unknown'),
  region: z.string().default(process.env.AWS_REGION ?? 'unknown'),
  time: z.string().optional(),
  resources: z.array(z.string()).default([]),
  detail: z.unknown(),
});

/** A parsed EventBridge envelope. */
export type Envelope = z.output<typeof envelopeSchema>;

/** What the sources see of an event before parsing: enough to route it. */
export interface EventHeader {
  source?: unknown;
  'detail-type'?: unknown;
}

/**
 * One event family: which events it serves and how its detail becomes a {@link Notification}.
 * Adding a family means one file exporting one `defineSource(...)` and a line in `sources/index.ts`.
 */
export interface SourceDefinition {
  /** Name used in logs and metrics (`codepipeline-action`). */
  readonly name: string;
  /** True when this family handles the event (by `source` and `detail-type`). */
  matches(event: EventHeader): boolean;
  /** Parses the event; throws a zod error when the detail does not have the family's shape. */
  parse(event: unknown): Notification;
}

/** Options of {@link defineSource}. */
export interface SourceOptions<D extends z.ZodType> {
  /** Name of the family in logs and metrics (`codepipeline-action`); becomes {@link SourceDefinition.name}. */
  name: string;
  /** EventBridge `source` (`aws.codepipeline`). */
  source: string;
  /** EventBridge `detail-type`. */
  detailType: string;
  /** Schema of `detail`: tolerant (optional fields, unknown keys kept out). */
  detail: D;
  /** Builds the notification from the envelope and the parsed detail. */
  build(envelope: Envelope, detail: z.output<D>): Notification;
}

/**
 * Defines an event family from its routing keys, detail schema and builder.
 *
 * @example
 * ```ts
 * export const codedeployDeployment = defineSource({
 *   name: 'codedeploy-deployment', source: 'aws.codedeploy',
 *   detailType: 'CodeDeploy Deployment State-change Notification',
 *   detail: z.object({ deploymentId: z.string(), state: z.string() }),
 *   build: (envelope, detail) => ({ ... }),
 * });
 * ```
 */
export function defineSource<D extends z.ZodType>(options: SourceOptions<D>): SourceDefinition {
  return {
    name: options.name,
    matches: (event) => event.source === options.source && event['detail-type'] === options.detailType,
    parse: (event) => {
      const envelope = envelopeSchema.parse(event);
      return options.build(envelope, options.detail.parse(envelope.detail));
    },
  };
}

/** Event time as epoch ms (now when absent or unreadable). */
export function eventTime(envelope: Envelope): number {
  const parsed = envelope.time ? Date.parse(envelope.time) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : Date.now();
}

const critical = new Set(['FAILED', 'FAULT', 'TIMED_OUT', 'FAILURE']);
const warning = new Set(['STOPPED', 'STOP', 'CANCELED', 'ABANDONED']);

/** Severity of a raw state: failures are critical, stops warnings, the rest information. */
export function severityOf(state: string): Notification['severity'] {
  if (critical.has(state)) return 'critical';
  if (warning.has(state)) return 'warning';
  return 'info';
}
