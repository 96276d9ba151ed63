import { AcknowledgeJobCommand, JobStatus } from '@aws-sdk/client-codepipeline';
import { awsErrorName } from '../lib/errors';
import { jobsClient } from './client';
import type { PolledJob } from './poll';

/**
 * AcknowledgeJob's answers meaning the job is not this worker's: another worker acknowledged it first
 * (`InvalidNonceException`), or it is gone (`JobNotFoundException`).
 */
const TAKEN = new Set(['InvalidNonceException', 'JobNotFoundException']);

/** Whether this worker may run a job: it is, or another worker has it (and why). */
export type Claim = { claimed: true } | { claimed: false; reason: string };

/**
 * Acknowledges a polled job with its nonce, before any work: the job is this worker's only when
 * CodePipeline answers `InProgress`. Another status, a nonce another worker used first or a job that
 * is gone means another worker has it: not claimed (the race two workers handed the same job run into;
 * the acknowledge decides). Any other error (throttling, a 5xx after the SDK's retries, a denial) is
 * thrown: whether the job was claimed is then unknown.
 *
 * @example
 * ```ts
 * if ((await acknowledge(job)).claimed) await runJob(registry, { id: job.id, raw: job.raw }, context, delivery);
 * ```
 */
export async function acknowledge(job: PolledJob): Promise<Claim> {
  try {
    const answer = await jobsClient().send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
    return answer.status === JobStatus.InProgress
      ? { claimed: true }
      : { claimed: false, reason: `AcknowledgeJob answered ${answer.status ?? 'no status'}` };
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    if (TAKEN.has(name)) return { claimed: false, reason: `AcknowledgeJob answered ${name}` };
    throw error;
  }
}
