import * as z from 'zod';
import { UnsupportedEventError } from '../../lib/errors';
import { checkEventSize } from '../../lib/event-size';
import { parsePayload } from '../../lib/schema';

/**
 * A CodePipeline job id as the API documents it (`Job.id`: `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).
 * PutJobSuccessResult / PutJobFailureResult reject anything else, so such a job cannot be reported.
 */
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** CodePipeline quotas the event must respect (a hand-made or tampered event may not). */
const jobEventLimits = {
  /** An action configuration value, UserParameters included (CodePipeline quota: 1000 characters). */
  userParametersChars: 1000,
  /** A continuation token (PutJobSuccessResult: 2048 characters). */
  continuationTokenChars: 2048,
  /** Input artifacts of a Lambda invoke action (at most 5). */
  inputArtifacts: 5,
} as const;

/**
 * True when `id` can be reported to CodePipeline: it matches the documented job id pattern exactly,
 * byte for byte (an id is never trimmed or normalised before reporting).
 *
 * @example
 * ```ts
 * isReportableJobId('a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b'); // true
 * isReportableJobId('\uFEFFa1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b'); // false
 * ```
 */
export function isReportableJobId(id: string): boolean {
  return JOB_ID.test(id);
}

const s3Artifact = z.object({
  name: z.string(),
  revision: z.string().nullish(),
  location: z.object({
    type: z.literal('S3'),
    s3Location: z.object({ bucketName: z.string().min(1), objectKey: z.string().min(1) }),
  }),
});

/**
 * The `CodePipeline.job` object of a Lambda invoke action event, or a job `PollForJobs` returned to a
 * custom action worker (credentials included: never log it).
 * Strings are taken as received: nothing is trimmed or normalised (the id is reported byte for byte).
 */
const jobSchema = z.object({
  id: z.string().min(1),
  accountId: z.string(),
  data: z.object({
    actionConfiguration: z.object({
      // A Lambda invoke action's FunctionName and UserParameters, or a custom action type's properties.
      configuration: z
        .object({
          UserParameters: z
            .string()
            .max(
              jobEventLimits.userParametersChars,
              `expected at most ${jobEventLimits.userParametersChars} characters (a CodePipeline quota); keep large settings in an input artifact`,
            )
            .optional(),
        })
        .catchall(z.string()),
    }),
    inputArtifacts: z
      .array(s3Artifact)
      .max(jobEventLimits.inputArtifacts, `expected at most ${jobEventLimits.inputArtifacts} input artifacts`)
      .default([]),
    outputArtifacts: z.array(s3Artifact.partial({ location: true })).default([]),
    // A custom action's job carries them only when the action has input or output artifacts.
    artifactCredentials: z
      .object({
        accessKeyId: z.string().min(1),
        secretAccessKey: z.string().min(1),
        sessionToken: z.string().optional(),
        expirationTime: z.number().optional(),
      })
      .optional(),
    continuationToken: z
      .string()
      .max(
        jobEventLimits.continuationTokenChars,
        `expected at most ${jobEventLimits.continuationTokenChars} characters`,
      )
      .optional(),
    encryptionKey: z.object({ id: z.string(), type: z.string() }).optional(),
    pipelineContext: z
      .object({
        pipelineName: z.string().optional(),
        pipelineExecutionId: z.string().optional(),
        stage: z.object({ name: z.string().optional() }).optional(),
        action: z.object({ name: z.string().optional() }).optional(),
      })
      .optional(),
  }),
});

/** A parsed CodePipeline job. */
export type Job = z.output<typeof jobSchema>;

/**
 * A job as delivered, before it is parsed: its id exactly as received (never trimmed or normalised)
 * and the whole `CodePipeline.job`-shaped object. A Lambda invoke action delivers it in its event
 * ({@link jobOfInvokeEvent}); a custom action worker gets the same shape from `PollForJobs`.
 */
export interface DeliveredJob {
  readonly id: string;
  readonly raw: unknown;
  /** The event the job came in, as received: its size is checked before the job is parsed (default: `raw`). */
  readonly event?: unknown;
}

/**
 * Returns the job of a CodePipeline Lambda invoke action event, or throws
 * {@link UnsupportedEventError} (nothing can be reported for an event without a job id). Whether
 * the id can be reported is {@link isReportableJobId}'s question.
 *
 * @example
 * ```ts
 * const { id } = jobOfInvokeEvent(event); // event['CodePipeline.job'].id, byte for byte
 * ```
 */
export function jobOfInvokeEvent(event: unknown): DeliveredJob {
  const raw = (event as { 'CodePipeline.job'?: { id?: unknown } } | null)?.['CodePipeline.job'];
  const id = raw?.id;
  if (typeof id !== 'string' || id === '') {
    const keys =
      event && typeof event === 'object' ? Object.keys(event).slice(0, 5).join(', ') : typeof event;
    throw new UnsupportedEventError(
      `This function serves CodePipeline Lambda invoke actions: expected an event with "CodePipeline.job" and its id, got ${keys || 'an empty object'}`,
    );
  }
  return { id, raw, event };
}

/**
 * Parses a whole job object: first the size of the event it came in (`event`, default: the job itself;
 * at most 256 KiB of JSON, the shared {@link checkEventSize}), then its shape. Either problem is a
 * ConfigurationError, reported to CodePipeline under the job's id.
 *
 * @example
 * ```ts
 * const job = parseJob(event['CodePipeline.job'], event);
 * ```
 */
export function parseJob(raw: unknown, event: unknown = raw): Job {
  checkEventSize(event, {
    what: 'The job event',
    kind: 'a CodePipeline job event (configuration values up to 1000 characters, up to 5 input artifacts)',
  });
  return parsePayload(jobSchema, raw, 'CodePipeline.job');
}
