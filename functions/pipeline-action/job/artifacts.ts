import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type ByteStream, readCapped } from '../../lib/capped-read';
import { awsClient } from '../../lib/clients';
import { ConfigurationError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { formatCap } from '../../lib/text';
import type { Job } from './event';
import { extractEntry } from './zip-entry';

/** Caps on what is read from an input artifact. */
export interface ArtifactLimits {
  /** Largest artifact zip downloaded into memory, streamed and cut there whatever ContentLength says (default: 50 MiB). */
  zipBytes: number;
  /** Largest file inflated from the zip, checked against its declared size and while inflating (default: 10 MB). */
  fileBytes: number;
}

const DEFAULT_LIMITS: ArtifactLimits = { zipBytes: 50 * 1024 * 1024, fileBytes: 10 * 1024 * 1024 };

/** S3 answers meaning the artifact object (or its bucket) is not there. */
const MISSING = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);
/** S3 / KMS answers meaning the job's artifact credentials may not read or decrypt it. */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'KMS.AccessDeniedException', 'Forbidden']);

/** Closes a body that will not be read (its connection is not left open). */
async function discard(body: unknown): Promise<void> {
  const stream = body as { destroy?: () => void; cancel?: () => Promise<void> } | undefined;
  stream?.destroy?.();
  await stream?.cancel?.().catch(() => undefined);
}

/** Why an S3 error means the user has something to fix, or undefined (a transient error, rethrown as is). */
function artifactProblem(error: unknown): string | undefined {
  const name = (error as Error)?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (MISSING.has(name) || status === 404) {
    return `does not exist (${name || 'HTTP 404'}): run the stage that produces this artifact again, or check that the pipeline's artifact store still holds it`;
  }
  if (DENIED.has(name) || status === 403) {
    return `could not be read with the job's artifact credentials (${name || 'HTTP 403'}): check the pipeline role's access to the artifact store bucket and, for SSE-KMS, the key policy`;
  }
  return undefined;
}

/**
 * Returns `readInputArtifactFile(artifactName, pathInZip)` for a job: downloads the artifact zip from
 * the pipeline's artifact store with the job's temporary artifact credentials (one S3 client per job;
 * SSE-KMS objects decrypt transparently with SigV4) and extracts one file, within `limits`. Every
 * problem the user can fix is a ConfigurationError naming the artifact, bucket, key or file — never
 * the artifact's content.
 *
 * @example
 * ```ts
 * const read = artifactReader(job);
 * const smoke = JSON.parse(new TextDecoder().decode(await read('BuildOutput', 'smoke.json')));
 * ```
 */
export function artifactReader(job: Job, limits: Partial<ArtifactLimits> = {}) {
  const { zipBytes, fileBytes } = { ...DEFAULT_LIMITS, ...limits };
  let s3: S3Client | undefined;
  const credentials = job.data.artifactCredentials;
  return async (artifactName: string, pathInZip: string): Promise<Uint8Array> => {
    const artifacts = job.data.inputArtifacts;
    const artifact = artifacts.find((a) => a.name === artifactName);
    if (!artifact) {
      const names = artifacts.map((a) => a.name).join(', ') || 'none';
      throw new ConfigurationError(
        `Input artifact "${artifactName}" is not an input of this action (input artifacts: ${names})`,
      );
    }
    const { bucketName, objectKey } = artifact.location.s3Location;
    const where = `Input artifact "${artifactName}" (s3://${bucketName}/${objectKey})`;
    const what = `Input artifact "${artifactName}"`;
    logger.debug('Reading input artifact', {
      artifactName,
      bucketName,
      objectKey,
      encryptionKeyId: job.data.encryptionKey?.id,
    });
    if (!credentials) {
      throw new ConfigurationError(
        `${what} cannot be read: the job carries no artifact credentials (CodePipeline sends them to actions that have artifacts)`,
      );
    }
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    s3 ??= awsClient(S3Client, { config: { credentials: { accessKeyId, secretAccessKey, sessionToken } } });
    let zip: Uint8Array;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: objectKey }));
      const tooLarge = () =>
        new ConfigurationError(
          `${where} is larger than ${zipBytes} bytes; this task reads artifacts of up to ${formatCap(zipBytes)}`,
        );
      if ((object.ContentLength ?? 0) > zipBytes) {
        await discard(object.Body);
        throw tooLarge();
      }
      // Streamed with a cap: a ContentLength that lies cannot make the function read more.
      const read = await readCapped(object.Body as ByteStream, zipBytes);
      if (read.cut) throw tooLarge();
      zip = read.bytes;
    } catch (error) {
      const problem = artifactProblem(error);
      if (problem) throw new ConfigurationError(`${where} ${problem}`, { cause: error });
      throw error;
    }
    return extractEntry(zip, pathInZip.replace(/^\.?\//, ''), { what, file: pathInZip, maxBytes: fileBytes });
  };
}
