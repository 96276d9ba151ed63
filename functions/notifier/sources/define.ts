import * as z from 'zod';
import type { Enricher } from '../enrich/enricher';
import type { EarlyVerdict, Notification, Nouns, Placement } from '../model';
import type { FamilyConfig, NotifierConfig } from '../settings';
import { awsAccount, awsRegion, incidental, tolerantList } from './tolerant';

/**
 * The EventBridge envelope every event has (the detail is parsed by each source). Beyond the routing
 * keys every field is incidental: an odd account, region, time or resource list reads as unknown.
 */
const envelopeSchema = z.object({
  source: z.string(),
  'detail-type': z.string(),
  account: awsAccount,
  region: awsRegion,
  time: incidental(z.string()),
  resources: tolerantList(z.string()),
  detail: z.unknown(),
});

/** A parsed EventBridge envelope. */
export type Envelope = z.output<typeof envelopeSchema>;

/** What the sources see of an event before parsing: enough to route it. */
export interface EventHeader {
  source?: unknown;
  'detail-type'?: unknown;
}

/** A notification as a family builds it; `defineSource` adds the family's {@link Nouns} and {@link Placement}. */
export type FamilyNotification = Omit<Notification, 'nouns' | 'placement'>;

/**
 * One event family: which events it serves, how its detail becomes a {@link Notification}, the words
 * renderers use for it, its own parameters and which of its events notify. Adding a family means one
 * file exporting one `defineSource(...)` and a line in `sources/index.ts`.
 */
export interface SourceDefinition {
  /** Name used in logs and metrics (`codepipeline-action`). */
  readonly name: string;
  /** What the family calls its resource and its run (`CodeBuild project`, `build`). */
  readonly nouns: Nouns;
  /** The enrichments of its notifications, in the order they run. */
  readonly enrichers: readonly Enricher[];
  /** The family's own parameters under `<PIPEWRIGHT_CONFIG_PATH>/notifier/` (camelCase keys with defaults). */
  readonly settings: z.ZodRawShape;
  /** True when this family handles the event (by `source` and `detail-type`). */
  matches(event: EventHeader): boolean;
  /** Parses the event; throws a zod error (paths from the event's root: `detail.state`) when it does not have the family's shape. */
  parse(event: unknown): Notification;
  /** The family's decision from the event alone (see {@link SourceOptions.earlySkip}). */
  earlySkip(n: Notification, config: NotifierConfig): EarlyVerdict;
  /** True when its events' ends count in the delivery metrics (see {@link SourceOptions.countsDeliveries}). */
  readonly countsDeliveries: boolean;
}

/** Options of {@link defineSource}. */
export interface SourceOptions<D extends z.ZodType, S extends z.ZodRawShape> {
  /** Name of the family in logs and metrics (`codepipeline-action`); becomes {@link SourceDefinition.name}. */
  name: string;
  /** EventBridge `source` (`aws.codepipeline`). */
  source: string;
  /** EventBridge `detail-type`. */
  detailType: string;
  /** Schema of `detail`: tolerant (optional fields, unknown keys kept out). */
  detail: D;
  /** What the family calls its resource and its run, for headlines (`Pipeline`, `execution`). */
  nouns: Nouns;
  /**
   * How headlines and subjects place its events: the part of a run they are about (`{ part: 'stage' }`),
   * whether a subject names the run (`{ runInSubject: true }`: a deployment id). (default: `{}`)
   */
  placement?: Placement;
  /**
   * The enrichments (`enrich/*.ts`) its notifications get, in the order they run — `[]` for none. Each
   * still decides from the notification whether it applies (a success is not worth a failed-actions call).
   */
  enrichers: readonly Enricher[];
  /**
   * The family's parameters under `<PIPEWRIGHT_CONFIG_PATH>/notifier/`, as `setting.*` builders with
   * their defaults (`{ notifyOnBuildStates: setting.list(['FAILED']) }` reads `notify-on-build-states`).
   * Families that share a parameter import one definition of it. `{}` for none.
   */
  settings: S;
  /**
   * Which of the family's events notify, from the event alone (before enrichment; the resource filters
   * have already passed): `undefined` to go on, a `SkipReason` to skip, or `'unless-recovery'`
   * to go on but publish only if enrichment shows a recovery.
   */
  earlySkip(n: Notification, config: FamilyConfig<S>): EarlyVerdict;
  /** Builds the notification from the envelope and the parsed detail. */
  build(envelope: Envelope, detail: z.output<D>): FamilyNotification;
  /**
   * True for the family of pipeline executions: the `SUCCEEDED` / `FAILED` ends of production pipelines
   * count in the delivery metrics (`delivery.ts`), whatever its noise rule decides. (default: false)
   */
  countsDeliveries?: boolean;
}

/**
 * Defines an event family from its routing keys, detail schema, builder, words and noise rule.
 *
 * @example
 * ```ts
 * export const codedeployDeployment = defineSource({
 *   name: 'codedeploy-deployment', source: 'aws.codedeploy',
 *   detailType: 'CodeDeploy Deployment State-change Notification',
 *   detail: z.object({ deploymentId: z.string(), state: z.string() }),
 *   nouns: { resource: 'CodeDeploy application', run: 'deployment' },
 *   placement: { runInSubject: true },
 *   enrichers: [deploymentError],
 *   settings: { notifyOnDeploymentStates: setting.list(['FAILURE', 'STOP']) },
 *   earlySkip: (n, config) => unlessListed(config.notifyOnDeploymentStates, n),
 *   build: (envelope, detail) => ({ ... }),
 * });
 * ```
 */
export function defineSource<D extends z.ZodType, S extends z.ZodRawShape>(
  options: SourceOptions<D, S>,
): SourceDefinition {
  const eventSchema = envelopeSchema.extend({ detail: options.detail });
  return {
    name: options.name,
    nouns: options.nouns,
    enrichers: options.enrichers,
    settings: options.settings,
    matches: (event) => event.source === options.source && event['detail-type'] === options.detailType,
    parse: (event) => {
      // One schema for the whole event, so that an error names the field as it is in the event (`detail.state`).
      const envelope = eventSchema.parse(event, { reportInput: true }) as Envelope;
      return {
        ...options.build(envelope, envelope.detail as z.output<D>),
        nouns: options.nouns,
        placement: options.placement ?? {},
      };
    },
    // The notifier's schema is the shared parameters plus every family's `settings`: these keys are there.
    earlySkip: (n, config) => options.earlySkip(n, config as FamilyConfig<S>),
    countsDeliveries: options.countsDeliveries ?? false,
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
