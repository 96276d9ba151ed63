import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { awsClient } from '../../lib/clients';
import { ConfigurationError, PipewrightError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import type { Job } from './event';

/** Largest input artifact zip read into memory (default: 50 MB). */
const MAX_ARTIFACT_BYTES = 50 * 1024 * 1024;

/**
 * Returns `readInputArtifactFile(artifactName, pathInZip)` for a job: downloads the artifact zip from
 * the pipeline's artifact store with the job's temporary artifact credentials (one S3 client per job;
 * SSE-KMS objects decrypt transparently with SigV4) and extracts one file.
 *
 * @example
 * ```ts
 * const read = artifactReader(job);
 * const smoke = JSON.parse(new TextDecoder().decode(await read('BuildOutput', 'smoke.json')));
 * ```
 */
export function artifactReader(job: Job, maxBytes = MAX_ARTIFACT_BYTES) {
  let s3: S3Client | undefined;
  const { accessKeyId, secretAccessKey, sessionToken } = job.data.artifactCredentials;
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
    logger.debug('Reading input artifact', {
      artifactName,
      bucketName,
      objectKey,
      encryptionKeyId: job.data.encryptionKey?.id,
    });
    s3 ??= awsClient(S3Client, { config: { credentials: { accessKeyId, secretAccessKey, sessionToken } } });
    const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: objectKey }));
    const tooLarge = () =>
      new PipewrightError(
        `Input artifact "${artifactName}" is larger than ${maxBytes} bytes; this task reads artifacts of up to ${maxBytes / 1024 / 1024} MB`,
      );
    if ((object.ContentLength ?? 0) > maxBytes) throw tooLarge();
    const zip = await object.Body!.transformToByteArray();
    if (zip.byteLength > maxBytes) throw tooLarge();
    const entries: string[] = [];
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(zip, {
        filter: (file) => {
          entries.push(file.name);
          return file.name === pathInZip.replace(/^\.?\//, '');
        },
      });
    } catch (error) {
      throw new PipewrightError(
        `Input artifact "${artifactName}" is not a readable zip file (${(error as Error).message})`,
      );
    }
    const file = Object.values(files)[0];
    if (!file) {
      const shown = entries.slice(0, 10).join(', ') || 'it is empty';
      const more = entries.length > 10 ? ` and ${entries.length - 10} more` : '';
      throw new ConfigurationError(
        `Input artifact "${artifactName}" has no file "${pathInZip}" (entries: ${shown}${more})`,
      );
    }
    return file;
  };
}
