import { countText } from '../../functions/lib/text';
import type { Operation } from './protocol';
import type { StateJob } from './state-schema';
import { AwsError } from './world';

/** The artifact credentials of a seeded job that has input artifacts and names none (fake, never valid in AWS). */
export const LOCAL_ARTIFACT_CREDENTIALS = {
  accessKeyId: 'ASIALOCALJOBWORKER00',
  secretAccessKey: 'local/job-worker/artifact-secret-access-key',
  sessionToken: 'LOCAL-JOB-WORKER-ARTIFACT-SESSION-TOKEN',
} as const;

/**
 * A seeded job as PollForJobs returns it (JobData: type, configuration, artifacts and their credentials).
 *
 * @example
 * ```ts
 * polledJob(state.codepipeline.jobs[0], 'nonce-1', '123456789012').data.actionTypeId.owner; // 'Custom'
 * ```
 */
export function polledJob(job: StateJob, nonce: string, accountId: string) {
  const inputArtifacts = (job.inputArtifacts ?? []).map((artifact) => ({
    name: artifact.name,
    location: { type: 'S3', s3Location: { bucketName: artifact.bucket, objectKey: artifact.key } },
  }));
  return {
    id: job.id,
    nonce,
    accountId,
    data: {
      actionTypeId: { category: job.category, owner: 'Custom', provider: job.provider, version: job.version },
      actionConfiguration: { configuration: job.configuration ?? {} },
      inputArtifacts,
      outputArtifacts: [],
      // CodePipeline sends artifact credentials to actions that have artifacts.
      artifactCredentials: inputArtifacts.length
        ? (job.artifactCredentials ?? LOCAL_ARTIFACT_CREDENTIALS)
        : undefined,
      continuationToken: job.continuationToken,
      pipelineContext: job.pipeline
        ? { pipelineName: job.pipeline, stage: { name: job.stage }, action: { name: job.action } }
        : undefined,
    },
  };
}

/**
 * CodePipeline's custom action job operations: `PollForJobs` hands out the waiting seeded jobs of a
 * type (`codepipeline.jobs`; owner Custom only, no query parameter: no type here has a queryable
 * property), `AcknowledgeJob` claims one with its nonce (see `JobQueue`).
 */
export const customJobOperations: Record<string, Operation> = {
  PollForJobs(input, call) {
    const type = input.actionTypeId ?? {};
    if (type.owner !== 'Custom') {
      throw new AwsError(
        'ValidationException',
        `ActionType with owner '${String(type.owner)}' is not supported`,
      );
    }
    if (Object.keys(input.queryParam ?? {}).length > 0) {
      throw new AwsError(
        'ValidationException',
        'queryParam must be empty: the action type has no queryable property',
      );
    }
    const handed = call.world.jobs.poll(type, input.maxBatchSize ?? 1);
    call.note(countText(handed.length, 'job'));
    return { jobs: handed.map(({ job, nonce }) => polledJob(job, nonce, call.account)) };
  },
  AcknowledgeJob(input, call) {
    if (!input.jobId || !input.nonce)
      throw new AwsError('ValidationException', 'jobId and nonce are required');
    const answer = call.world.jobs.acknowledge(String(input.jobId), String(input.nonce));
    if ('refused' in answer) throw new AwsError(answer.refused, answer.why);
    call.note(answer.status);
    return { status: answer.status };
  },
};
