import {
  AcknowledgeJobCommand,
  CodePipelineClient,
  type Job,
  PollForJobsCommand,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { polledJob } from '../../../local/endpoint/codepipeline-jobs';
import type { StateJob } from '../../../local/endpoint/state-schema';
import { readState } from '../../support/samples';

/** The provider prefix template.yaml gives the worker of a dev stack. */
export const PREFIX = 'Pipewright-dev-';

/** The seeded jobs of local/state/job-worker.json (the ones `npm run demo` polls), a fresh copy. */
export function seededJobs(): StateJob[] {
  return readState<{ codepipeline: { jobs: StateJob[] } }>('job-worker').codepipeline.jobs;
}

/**
 * A seeded job of `provider` (`AlarmGate`...) as PollForJobs returns it, with `changes` to its seed
 * (another id, configuration or continuation token).
 */
export function jobOf(provider: string, changes: Partial<StateJob> = {}, nonce = `nonce-${provider}`): Job {
  const seed = seededJobs().find(
    (job) => job.provider === `${PREFIX}${provider}` && !job.acknowledgedByAnotherWorker,
  );
  if (!seed) throw new Error(`no seeded ${provider} job`);
  return polledJob({ ...seed, ...changes }, nonce, '123456789012') as Job;
}

/**
 * CodePipeline mocked for a worker: each poll of a type answers the jobs given for its provider
 * suffix (then none), every acknowledge InProgress, every result accepted.
 */
export function mockJobs(jobs: Record<string, Job[]> = {}) {
  const mock = mockClient(CodePipelineClient);
  mock.on(PollForJobsCommand).resolves({ jobs: [] });
  for (const [provider, list] of Object.entries(jobs)) {
    mock
      .on(PollForJobsCommand, { actionTypeId: { provider: `${PREFIX}${provider}` } as never })
      .resolvesOnce({ jobs: list })
      .resolves({ jobs: [] });
  }
  mock.on(AcknowledgeJobCommand).resolves({ status: 'InProgress' });
  mock.on(PutJobSuccessResultCommand).resolves({}).on(PutJobFailureResultCommand).resolves({});
  return {
    mock,
    polled: () => mock.commandCalls(PollForJobsCommand).map((c) => c.args[0].input),
    acknowledged: () => mock.commandCalls(AcknowledgeJobCommand).map((c) => c.args[0].input),
    success: () => mock.commandCalls(PutJobSuccessResultCommand).map((c) => c.args[0].input),
    failure: () => mock.commandCalls(PutJobFailureResultCommand).map((c) => c.args[0].input),
  };
}

export { fakeContext } from '../pipeline-action/support';
