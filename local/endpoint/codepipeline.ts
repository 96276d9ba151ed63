import { countText } from '../../functions/lib/text';
import { customJobOperations } from './codepipeline-jobs';
import { type JsonService, type OperationCall, epochTimestamps } from './protocol';
import { AwsError } from './world';

const FAILURE_TYPES = [
  'JobFailed',
  'ConfigurationError',
  'PermissionError',
  'RevisionOutOfSync',
  'RevisionUnavailable',
  'SystemUnavailable',
];
const VARIABLE_KEY = /^[A-Za-z0-9@\-_]+$/;

/**
 * Records a job's result: a custom action job must be in progress (acknowledged, not finished; a
 * continuation queues its next job), any other id is an invoke action job, accepted once.
 */
function finishJob(
  jobId: unknown,
  { world }: OperationCall,
  result: 'Succeeded' | 'Failed',
  continuationToken?: string,
): void {
  if (typeof jobId !== 'string' || !jobId) throw new AwsError('ValidationException', 'jobId is required');
  if (world.jobs.has(jobId)) {
    if (world.jobs.finish(jobId, result, continuationToken)) return;
    throw new AwsError(
      'InvalidJobStateException',
      `Job ${jobId} is not in progress (not acknowledged, or finished)`,
    );
  }
  if (world.completedJobs.has(jobId)) {
    throw new AwsError('InvalidJobStateException', `Job ${jobId} is not in a state that accepts a result`);
  }
  world.completedJobs.add(jobId);
}

function pipeline(call: OperationCall, name: unknown) {
  const found = call.state.codepipeline?.pipelines?.[String(name)];
  if (!found)
    throw new AwsError(
      'PipelineNotFoundException',
      `Account '${call.account}' does not have a pipeline with name '${String(name)}'`,
    );
  return found;
}

function page<T>(items: T[], nextToken: unknown, maxResults: unknown, fallback: number) {
  const start = nextToken ? Number(nextToken) : 0;
  const size = typeof maxResults === 'number' ? maxResults : fallback;
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}

const time = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number(value) * 1000);

/** CodePipeline (JSON 1.1, `CodePipeline_20150709`): custom action jobs, job results and execution history. */
export const codepipeline: JsonService = {
  iam: 'codepipeline',
  target: 'CodePipeline_20150709',
  version: '1.1',
  operations: {
    ...customJobOperations,
    PutJobSuccessResult(input, call) {
      const { continuationToken, outputVariables, executionDetails } = input;
      if (
        continuationToken !== undefined &&
        (continuationToken.length < 1 || continuationToken.length > 2048)
      ) {
        throw new AwsError('ValidationException', 'continuationToken must be 1-2048 characters');
      }
      if (outputVariables && continuationToken) {
        throw new AwsError(
          'ValidationException',
          'outputVariables cannot be set together with a continuationToken',
        );
      }
      const keys = Object.keys(outputVariables ?? {});
      const bad = keys.find((key) => !VARIABLE_KEY.test(key));
      if (bad) throw new AwsError('ValidationException', `Output variable key '${bad}' is not valid`);
      const size = Buffer.byteLength(JSON.stringify(outputVariables ?? {}));
      if (size > 122_880)
        throw new AwsError('OutputVariablesSizeExceededException', 'Output variables exceed 122880 bytes');
      if ((executionDetails?.summary?.length ?? 0) > 2048) {
        throw new AwsError('ValidationException', 'executionDetails.summary must be at most 2048 characters');
      }
      finishJob(input.jobId, call, 'Succeeded', continuationToken);
      call.note(
        continuationToken
          ? 'continues (continuation token)'
          : `succeeded${keys.length ? ` (${countText(keys.length, 'output variable')})` : ''}`,
      );
      return {};
    },
    PutJobFailureResult(input, call) {
      const { type, message } = input.failureDetails ?? {};
      if (!FAILURE_TYPES.includes(type))
        throw new AwsError('ValidationException', `failureDetails.type '${type}' is not valid`);
      if (typeof message !== 'string' || message.length < 1 || message.length > 5000) {
        throw new AwsError('ValidationException', 'failureDetails.message must be 1-5000 characters');
      }
      finishJob(input.jobId, call, 'Failed');
      call.note(`${type}: ${message}`);
      return {};
    },
    GetPipelineExecution(input, call) {
      const execution = (pipeline(call, input.pipelineName).executions ?? []).find(
        (e) => e.pipelineExecutionId === input.pipelineExecutionId,
      );
      if (!execution) {
        throw new AwsError(
          'PipelineExecutionNotFoundException',
          `Pipeline execution ${input.pipelineExecutionId} not found`,
        );
      }
      call.note(String(execution.status));
      return epochTimestamps({ pipelineExecution: { pipelineName: input.pipelineName, ...execution } });
    },
    ListPipelineExecutions(input, call) {
      const all = [...(pipeline(call, input.pipelineName).executions ?? [])].sort(
        (a, b) => time(b.startTime) - time(a.startTime),
      );
      const { items, nextToken } = page(all, input.nextToken, input.maxResults, 100);
      call.note(countText(items.length, 'execution'));
      return epochTimestamps({ pipelineExecutionSummaries: items, nextToken });
    },
    ListActionExecutions(input, call) {
      const executionId = input.filter?.pipelineExecutionId;
      const all = (pipeline(call, input.pipelineName).actionExecutions ?? []).filter(
        (a) => !executionId || a.pipelineExecutionId === executionId,
      );
      const { items, nextToken } = page(all, input.nextToken, input.maxResults, 100);
      call.note(countText(items.length, 'action execution'));
      return epochTimestamps({ actionExecutionDetails: items, nextToken });
    },
  },
};
