import { randomUUID } from 'node:crypto';
import type { StateJob } from './state-schema';

/** Where a custom action job stands: waiting for a worker, acknowledged by one, or finished. */
type JobStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed';

interface QueuedJob {
  readonly job: StateJob;
  status: JobStatus;
  /** Nonces PollForJobs handed out with it (every poll of a job not yet acknowledged hands it out again). */
  readonly nonces: Set<string>;
  /** The nonce of the acknowledge that claimed it. */
  claimedWith?: string;
}

/** What an acknowledge found (`status` when it may proceed). */
export type Acknowledged =
  { status: JobStatus } | { refused: 'JobNotFoundException' | 'InvalidNonceException'; why: string };

/**
 * The custom action jobs of the loopback endpoint: seeded jobs (`codepipeline.jobs`) wait until a
 * worker polls their type; every poll hands a job not yet acknowledged out again, with a new nonce; the
 * first acknowledge with one of its nonces claims it (a later one, or any for a job seeded
 * `acknowledgedByAnotherWorker`, is refused as CodePipeline refuses a worker that lost the race); a
 * result finishes it, and a continuation queues a new job carrying the token.
 */
export class JobQueue {
  private jobs = new Map<string, QueuedJob>();

  constructor(private readonly seed: () => readonly StateJob[]) {
    this.reset();
  }

  /** Back to the seeded jobs, all waiting. */
  reset(): void {
    this.jobs = new Map(this.seed().map((job) => [job.id, { job, status: 'Queued', nonces: new Set() }]));
  }

  /** True when `jobId` is a custom action job of this queue (other ids are invoke action jobs). */
  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  /** Up to `max` waiting jobs of a type, each with a fresh nonce. */
  poll(type: { category: string; provider: string; version: string }, max: number) {
    return [...this.jobs.values()]
      .filter(({ job, status }) => status === 'Queued' && sameType(job, type))
      .slice(0, max)
      .map((entry) => {
        const nonce = randomUUID();
        entry.nonces.add(nonce);
        return { job: entry.job, nonce };
      });
  }

  acknowledge(jobId: string, nonce: string): Acknowledged {
    const entry = this.jobs.get(jobId);
    if (!entry) return { refused: 'JobNotFoundException', why: `Job ${jobId} not found` };
    const taken = entry.job.acknowledgedByAnotherWorker || (entry.claimedWith && entry.claimedWith !== nonce);
    if (!entry.nonces.has(nonce) || taken) {
      return { refused: 'InvalidNonceException', why: `Job ${jobId} was claimed with another nonce` };
    }
    if (entry.status === 'Queued') {
      entry.status = 'InProgress';
      entry.claimedWith = nonce;
    }
    return { status: entry.status };
  }

  /**
   * Records the result of a job; a continuation queues a new job (a new id) with the token. Returns
   * false when the job is not in progress (not acknowledged, or already finished).
   */
  finish(jobId: string, result: 'Succeeded' | 'Failed', continuationToken?: string): boolean {
    const entry = this.jobs.get(jobId);
    if (entry?.status !== 'InProgress') return false;
    entry.status = result;
    if (continuationToken !== undefined) {
      const next: StateJob = { ...entry.job, id: randomUUID(), continuationToken };
      delete next.acknowledgedByAnotherWorker;
      this.jobs.set(next.id, { job: next, status: 'Queued', nonces: new Set() });
    }
    return true;
  }
}

function sameType(job: StateJob, type: { category: string; provider: string; version: string }): boolean {
  return job.category === type.category && job.provider === type.provider && job.version === type.version;
}
