import type { FunctionDescription } from './function-description';
import { jobRunnerStatements } from './pipeline-action';
import { arn, type DescriptionScope } from './scope';

/** The start of the custom action types' provider names: `Pipewright-<stage>-`. */
const providerPrefix = (scope: DescriptionScope) => `Pipewright-${scope.settings.stage}-`;

/** The job worker of the custom action types (functions/job-worker/): the tasks of the pipeline action. */
export const jobWorker: FunctionDescription = {
  logicalId: 'JobWorkerFunction',
  service: 'job-worker',
  description:
    'Job worker of the pipewright custom action types (polls, acknowledges, runs and reports jobs)',
  entryPoint: 'functions/job-worker/index.ts',
  // Long work hands over through continuation tokens, picked up by the next sweep, well before this.
  timeoutSeconds: 300,
  // An invocation this old has nothing left to do that the sweep (every minute) has not done.
  asyncInvoke: { retryAttempts: 2, maxEventAgeSeconds: 300 },
  environment: (scope) => ({
    PIPEWRIGHT_ACTION_PROVIDER_PREFIX: providerPrefix(scope),
    PIPEWRIGHT_ACTION_VERSION: scope.settings.customActionVersion,
  }),
  statements: (scope) => [
    // Only the types of this stack: its stage's provider prefix, its version.
    {
      sid: 'PollDeclaredActionTypes',
      actions: ['codepipeline:PollForJobs'],
      resources: [
        arn(
          scope,
          'codepipeline',
          `actiontype:Custom/*/${providerPrefix(scope)}*/${scope.settings.customActionVersion}`,
        ),
      ],
    },
    // no resource-level permissions
    { sid: 'AcknowledgeJob', actions: ['codepipeline:AcknowledgeJob'], resources: ['*'] },
    ...jobRunnerStatements(scope),
  ],
  rules: [
    {
      id: 'ActionStarted',
      nameSuffix: 'custom-action-started',
      pattern: (scope) => ({
        source: ['aws.codepipeline'],
        'detail-type': ['CodePipeline Action Execution State Change'],
        detail: {
          state: ['STARTED'],
          type: {
            owner: ['Custom'],
            provider: [{ prefix: providerPrefix(scope) }],
            version: [scope.settings.customActionVersion],
          },
        },
      }),
      // No dead-letter queue: an event EventBridge cannot deliver costs a minute at most, the sweep finds its job.
      target: { retryAttempts: 2, maxEventAgeSeconds: 60, deadLetterQueue: false },
    },
  ],
  schedules: [
    {
      id: 'Sweep',
      nameSuffix: 'job-sweep',
      expression: 'rate(1 minute)',
      description: 'Polls every pipewright custom action type for jobs left waiting (continuations included)',
    },
  ],
};
