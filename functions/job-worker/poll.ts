import { type Job, PollForJobsCommand } from '@aws-sdk/client-codepipeline';
import { logger } from '../lib/observability';
import { jobsClient } from './client';
import type { DeclaredType } from './declared';

/** A job PollForJobs handed out: its id and nonce (to acknowledge it) and the whole job (credentials included). */
export interface PolledJob {
  readonly id: string;
  readonly nonce: string;
  readonly type: DeclaredType;
  readonly raw: Job;
}

/** Jobs asked for in one poll of one type (default: 5); they run concurrently in one invocation. */
const JOBS_PER_POLL = 5;

/**
 * Asks CodePipeline for waiting jobs of one declared type (`PollForJobs`, no query parameter: no
 * property is queryable), at most `maxBatchSize`. A job without an id or a nonce cannot be
 * acknowledged: it is logged and left. Throws when the call fails after the SDK's retries.
 *
 * @example
 * ```ts
 * const jobs = await pollForJobs(type); // [{ id, nonce, type, raw }]
 * ```
 */
export async function pollForJobs(type: DeclaredType, maxBatchSize = JOBS_PER_POLL): Promise<PolledJob[]> {
  const answer = await jobsClient().send(new PollForJobsCommand({ actionTypeId: type.id, maxBatchSize }));
  const jobs: PolledJob[] = [];
  for (const job of answer.jobs ?? []) {
    if (typeof job.id === 'string' && job.id !== '' && typeof job.nonce === 'string' && job.nonce !== '') {
      jobs.push({ id: job.id, nonce: job.nonce, type, raw: job });
    } else {
      logger.warn('PollForJobs returned a job without an id or a nonce: it cannot be acknowledged', {
        provider: type.id.provider,
      });
    }
  }
  return jobs;
}
