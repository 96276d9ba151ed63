import { ACTION_CATEGORY, providerSuffix } from '../../functions/job-worker/action-type';
import { actionTypeRegistry } from '../../functions/job-worker/action-types/registry';
import type { CallRecord, ReceivedRequest } from '../../local/endpoint/world';

/** The providers of the types a dev stack's worker declares (the local runner's Stage). */
const DECLARED = actionTypeRegistry.map((type) => `Pipewright-dev-${providerSuffix(type.task.name)}`);

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/**
 * The providers an event must make the worker poll: every declared type for the schedule's sweep; for
 * a STARTED action of a declared custom type, that type; nothing otherwise. `undefined` for an event that
 * is neither (the worker must refuse it).
 */
function expectedPolls(event: unknown): string[] | undefined {
  const e = (event ?? {}) as Record<string, unknown>;
  if (e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event') return DECLARED;
  if (e.source !== 'aws.codepipeline' || e['detail-type'] !== 'CodePipeline Action Execution State Change')
    return undefined;
  const detail = (e.detail ?? {}) as Record<string, unknown>;
  const type = (detail.type ?? {}) as Record<string, unknown>;
  const [owner, category, provider] = [type.owner, type.category, type.provider];
  const version = text(type.version); // a number too, as CodePipeline's events may send it
  if (typeof detail.state !== 'string' || version === undefined) return undefined;
  if (typeof owner !== 'string' || typeof category !== 'string' || typeof provider !== 'string')
    return undefined;
  const declared = owner === 'Custom' && detail.state === 'STARTED' && version === '1';
  return declared && category === ACTION_CATEGORY && DECLARED.includes(provider) ? [provider] : [];
}

const jobIdOf = (call: CallRecord) => /jobId: "([^"]*)"/.exec(call.input)?.[1] ?? '?';

/**
 * The job worker polls exactly the types the event calls for (never one it does not declare, never
 * for another owner's action), refuses an event that is neither an action event nor the sweep with an
 * UnsupportedEventError, and gives every job it acknowledged exactly one result — and no other job any.
 */
export function jobWorkerInvariant(
  event: unknown,
  run: { errorName?: string; calls: CallRecord[]; requests: ReceivedRequest[] },
): string[] {
  const expected = expectedPolls(event);
  if (expected === undefined) {
    return run.errorName === 'UnsupportedEventError' && run.calls.length === 0
      ? []
      : [
          `not a worker event, yet ${run.errorName ?? 'no UnsupportedEventError'} and ${run.calls.length} calls`,
        ];
  }
  const problems: string[] = [];
  if (run.errorName) problems.push(`the invocation threw ${run.errorName}`);
  const polled = run.requests
    .filter((request) => String(request.headers['x-amz-target'] ?? '').endsWith('.PollForJobs'))
    .map(
      (request) =>
        (JSON.parse(request.body) as { actionTypeId?: { provider?: string } }).actionTypeId?.provider,
    );
  if ([...polled].sort().join() !== [...expected].sort().join())
    problems.push(`polled ${polled.join(', ') || 'nothing'}, expected ${expected.join(', ') || 'nothing'}`);
  const claimed = run.calls
    .filter((c) => c.operation === 'AcknowledgeJob' && c.outcome === 'ok')
    .map(jobIdOf);
  const results = run.calls
    .filter((c) => /^PutJob(Success|Failure)Result$/.test(c.operation) && c.outcome === 'ok')
    .map(jobIdOf);
  if ([...claimed].sort().join() !== [...results].sort().join())
    problems.push(
      `acknowledged ${claimed.join(', ') || 'none'}, results for ${results.join(', ') || 'none'}`,
    );
  return problems;
}
