import * as z from 'zod';
import { UnsupportedEventError } from '../../lib/errors';
import { parsePayload } from '../../lib/schema';

const s3Artifact = z.object({
  name: z.string(),
  revision: z.string().nullish(),
  location: z.object({
    type: z.literal('S3'),
    s3Location: z.object({ bucketName: z.string().min(1), objectKey: z.string().min(1) }),
  }),
});

/** The `CodePipeline.job` object of a Lambda invoke action event (credentials included: never log it). */
const jobSchema = z.object({
  id: z.string().min(1),
  accountId: z.string(),
  data: z.object({
    actionConfiguration: z.object({
      configuration: z.object({ FunctionName: z.string(), UserParameters: z.string().optional() }),
    }),
    inputArtifacts: z.array(s3Artifact).default([]),
    outputArtifacts: z.array(s3Artifact.partial({ location: true })).default([]),
    artifactCredentials: z.object({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().optional(),
      expirationTime: z.number().optional(),
    }),
    continuationToken: z.string().optional(),
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
 * Returns the job id of a CodePipeline job event, or throws {@link UnsupportedEventError} (nothing
 * can be reported for an event without a job id).
 */
export function jobIdOf(event: unknown): string {
  const id = (event as { 'CodePipeline.job'?: { id?: unknown } } | null)?.['CodePipeline.job']?.id;
  if (typeof id !== 'string' || id === '') {
    const keys =
      event && typeof event === 'object' ? Object.keys(event).slice(0, 5).join(', ') : typeof event;
    throw new UnsupportedEventError(
      `This function serves CodePipeline Lambda invoke actions: expected an event with "CodePipeline.job" and its id, got ${keys || 'an empty object'}`,
    );
  }
  return id;
}

/**
 * Parses the whole job (a malformed job is a ConfigurationError, reported to CodePipeline).
 *
 * @example
 * ```ts
 * const job = parseJob(event); // event['CodePipeline.job'] validated
 * ```
 */
export function parseJob(event: unknown): Job {
  return parsePayload(jobSchema, (event as Record<string, unknown>)['CodePipeline.job'], 'CodePipeline.job');
}
