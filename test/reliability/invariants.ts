import type { CallRecord, ReceivedRequest } from '../../local/endpoint/world';
import { isEcsHookEvent } from '../../functions/deploy-hook/ecs/event';
import { topicMessages } from '../../functions/chat-delivery/event';
import { readNotification } from '../../functions/chat-delivery/read-message';
import { findSource } from '../../functions/notifier/sources';
import { jobWorkerInvariant } from './job-worker-invariant';
import { MAX_EVENTBRIDGE_EVENT_BYTES, eventSizeProblem } from '../../functions/lib/event-size';

/** What one run (in-process or through a bundle) produced, as the invariants read it. */
export interface RunRecord {
  result?: unknown;
  /** The name of the error the handler threw (`UnsupportedEventError`, …), if any. */
  errorName?: string;
  calls: CallRecord[];
  requests: ReceivedRequest[];
}

/** The job ids CodePipeline accepts (a job id is a UUID). */
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const accepted = (run: RunRecord, prefix: string) =>
  run.calls.filter((call) => call.operation.startsWith(prefix) && call.outcome === 'ok').length;

/** The JSON bodies of the requests made to `operation` (X-Amz-Target `<service>.<operation>`). */
function bodiesOf(run: RunRecord, operation: string): Record<string, unknown>[] {
  return run.requests
    .filter((request) => String(request.headers['x-amz-target'] ?? '').endsWith(`.${operation}`))
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

const own = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/** What an invariant knows besides the event and the run. */
export interface InvariantContext {
  /** Jobs the endpoint's seeded state already has a result for ("already reported"). */
  completedJobs: string[];
  /** The event is a mutation of a sample event the notifier publishes unchanged. */
  fromNotifiedSample?: boolean;
}

/** Invariants of one function's run on `event`: the reasons it broke them (empty = held). */
export type Invariant = (event: unknown, run: RunRecord, context: InvariantContext) => string[];

/** A job gets exactly one result, reported under its id byte for byte; anything else is a clear UnsupportedEventError. */
const pipelineAction: Invariant = (event, run, seed) => {
  const id = own(own(event, 'CodePipeline.job'), 'id');
  if (typeof id !== 'string' || id === '') {
    return run.errorName === 'UnsupportedEventError'
      ? []
      : [`no job id, yet ${run.errorName ?? 'no UnsupportedEventError'}`];
  }
  const problems: string[] = [];
  const results = accepted(run, 'PutJob');
  const bodies = [...bodiesOf(run, 'PutJobSuccessResult'), ...bodiesOf(run, 'PutJobFailureResult')];
  if (bodies.some((body) => body.jobId !== id)) problems.push('a result was reported under another job id');
  if (run.errorName) problems.push(`the invocation threw ${run.errorName}`);
  const unreportable = seed.completedJobs.includes(id) || !JOB_ID.test(id);
  if (results !== 1 && !(results === 0 && unreportable)) problems.push(`${results} results accepted`);
  return problems;
};

/** The longest id the deploy hook sends to CodeDeploy; a longer one is logged and counted as unreportable. */
const MAX_HOOK_ID_CHARS = 8_192;

/** `hookDetails` of an ECS answer stay small: counters, times and a reason cut to 1000 characters. */
const MAX_ECS_DETAILS_CHARS = 2_048;

/**
 * An ECS hook event is always answered — never a throw, which would roll the deployment back without
 * a word — with a valid hookStatus (`callBackDelay` ≥ 1 s when in progress), small hookDetails, and no
 * CodeDeploy status.
 */
const ecsHook: Invariant = (_event, run) => {
  const answer = run.result as
    { hookStatus?: unknown; callBackDelay?: unknown; hookDetails?: unknown } | undefined;
  const problems: string[] = [];
  if (run.errorName) problems.push(`the invocation threw ${run.errorName}`);
  if (!['SUCCEEDED', 'FAILED', 'IN_PROGRESS'].includes(String(answer?.hookStatus)))
    problems.push(`answered hookStatus ${JSON.stringify(answer?.hookStatus)}`);
  const delay = answer?.callBackDelay;
  if (answer?.hookStatus === 'IN_PROGRESS' && !(Number.isInteger(delay) && (delay as number) >= 1))
    problems.push(`in progress with callBackDelay ${JSON.stringify(delay)}`);
  if ((JSON.stringify(answer?.hookDetails) ?? '').length > MAX_ECS_DETAILS_CHARS)
    problems.push('hookDetails too large');
  if (bodiesOf(run, 'PutLifecycleEventHookExecutionStatus').length)
    problems.push('a CodeDeploy status was sent');
  return problems;
};

/** A hook gets exactly one status attempt with its ids as received; a non-hook event is a clear UnsupportedEventError. */
const deployHook: Invariant = (event, run, context) => {
  if (isEcsHookEvent(event)) return ecsHook(event, run, context);
  const deploymentId = own(event, 'DeploymentId');
  const hookId = own(event, 'LifecycleEventHookExecutionId');
  if (typeof deploymentId !== 'string' || typeof hookId !== 'string' || !deploymentId || !hookId) {
    return run.errorName === 'UnsupportedEventError'
      ? []
      : [`not a hook event, yet ${run.errorName ?? 'no UnsupportedEventError'}`];
  }
  const problems: string[] = [];
  const attempts = bodiesOf(run, 'PutLifecycleEventHookExecutionStatus');
  // Ids over the hook's bound (functions/deploy-hook/event.ts) are no CodeDeploy ids: logged and counted, not sent.
  const unreportable = [deploymentId, hookId].some((id) => id.length > MAX_HOOK_ID_CHARS);
  if (attempts.length === 0 && !unreportable) problems.push('no status was reported');
  if (
    attempts.some(
      (body) => body.deploymentId !== deploymentId || body.lifecycleEventHookExecutionId !== hookId,
    )
  )
    problems.push('the status was reported under other ids than received');
  if (accepted(run, 'PutLifecycleEventHookExecutionStatus') > 1)
    problems.push('more than one status accepted');
  if (run.errorName) problems.push(`the invocation threw ${run.errorName}`);
  return problems;
};

/**
 * Whether the notifier must publish `event`: a family knows it, it is no larger than EventBridge
 * delivers (a larger one is rejected loudly), it parses, and it is a failure.
 */
function isFailureEvent(event: unknown): boolean {
  const source = findSource(event);
  if (!source || eventSizeProblem(event, { maxBytes: MAX_EVENTBRIDGE_EVENT_BYTES })) return false;
  try {
    return source.parse(event).severity === 'critical';
  } catch {
    return false;
  }
}

/**
 * A failure event (still a failure after the mutation of a sample that is published) is always
 * published, or the notifier throws because Publish failed; nothing else throws.
 */
const notifier: Invariant = (event, run, context) => {
  const published = accepted(run, 'Publish');
  const publishFailed = run.calls.some((call) => call.operation === 'Publish' && call.outcome !== 'ok');
  const problems: string[] = [];
  if (run.errorName && !publishFailed) problems.push(`the invocation threw ${run.errorName}`);
  if (published > 1) problems.push(`${published} notifications published`);
  if (context.fromNotifiedSample && isFailureEvent(event) && published === 0 && !run.errorName)
    problems.push('a failure event was silenced');
  return problems;
};

/** Whether every message of an SNS event is one the chat delivery reads (the notifier's model or an alarm). */
function readableMessages(event: unknown): boolean {
  try {
    for (const message of topicMessages(event)) readNotification(message.body);
    return true;
  } catch {
    return false;
  }
}

/** The errors by which the chat delivery fails an invocation on purpose (Lambda then retries it). */
const CHAT_FAILURES = new Set([
  'ChatDeliveryError',
  'ConfigParameterError',
  'ConfigurationError',
  'DeadlineExceededError',
]);

/**
 * Every post the chat delivery makes is one the platform takes (a body in its format, within its size);
 * an event it cannot read is a clear UnsupportedEventError, and it never throws anything but its own
 * failures; a notification that reached its channels before a mutation still reaches one after it (the
 * seeded `ci` channel takes every notification) — or the invocation fails.
 */
const chatDelivery: Invariant = (event, run, context) => {
  const problems: string[] = [];
  const refused = run.calls.filter((call) => call.service === 'chat' && call.outcome !== 'ok');
  if (refused.length)
    problems.push(
      `a platform refused a post: ${refused.map((c) => `${c.operation} ${c.outcome}`).join(', ')}`,
    );
  const readable = readableMessages(event);
  const expected = readable
    ? CHAT_FAILURES.has(run.errorName ?? '')
    : run.errorName === 'UnsupportedEventError';
  if (run.errorName && !expected) problems.push(`the invocation threw ${run.errorName}`);
  if (!readable && !run.errorName) problems.push('an event it cannot read passed without an error');
  const delivered = (run.result as { delivered?: unknown[] } | undefined)?.delivered ?? [];
  if (context.fromNotifiedSample && readable && !run.errorName && delivered.length === 0)
    problems.push('a notification reached no channel');
  return problems;
};

/** The invariants of each function of the template. */
export const INVARIANTS: Record<string, Invariant> = {
  PipelineActionFunction: pipelineAction,
  DeployHookFunction: deployHook,
  NotifierFunction: notifier,
  JobWorkerFunction: jobWorkerInvariant,
  ChatDeliveryFunction: chatDelivery,
};

/** A fingerprint of Object.prototype: its own keys. A run that adds one polluted it. */
export const prototypeKeys = () => Reflect.ownKeys(Object.prototype).map(String).sort().join(',');

/** Removes what a run added to Object.prototype (so that one polluting input does not break the next runs). */
export function restorePrototype(before: string): string[] {
  const known = new Set(before.split(','));
  const added = Reflect.ownKeys(Object.prototype).filter((key) => !known.has(String(key)));
  for (const key of added) delete (Object.prototype as Record<PropertyKey, unknown>)[key];
  return added.map(String);
}
