import { mapLimit } from '../../local/demo';
import type { StateFault } from '../../local/endpoint/state';
import { type Invocation, invokeBundle, readEvent } from '../integration/harness';
import { RESULT_CONTRACTS, bundleOperations, eventsCalling, functionsWithEvents } from './bundle-cases';
import { recordFigure } from './figures';

/** Simulated Lambda time: the invocation's remaining time starts at this (the template says minutes). */
const TIMEOUT_SECONDS = 10;
/**
 * The reserve kept for reporting within that time: half of it, so that the final step keeps the same
 * 1 s margin before the deadline as with the default 10 s reserve (a fifth of the reserve, at most 1 s).
 */
const ENV = { PIPEWRIGHT_REPORT_RESERVE_MS: '5000' };

/** The error codes each protocol really answers for a throttle, a server error and a denial. */
const CODES: Record<string, Record<'throttle' | '5xx' | 'denied', { error: string; status: number }>> = {
  default: {
    throttle: { error: 'ThrottlingException', status: 400 },
    '5xx': { error: 'InternalFailure', status: 500 },
    denied: { error: 'AccessDeniedException', status: 400 },
  },
  cloudwatch: {
    throttle: { error: 'Throttling', status: 400 },
    '5xx': { error: 'InternalFailure', status: 500 },
    denied: { error: 'AccessDenied', status: 403 },
  },
  sns: {
    throttle: { error: 'Throttling', status: 400 },
    '5xx': { error: 'InternalError', status: 500 },
    denied: { error: 'AuthorizationError', status: 403 },
  },
  s3: {
    throttle: { error: 'SlowDown', status: 503 },
    '5xx': { error: 'InternalError', status: 500 },
    denied: { error: 'AccessDenied', status: 403 },
  },
  lambda: {
    throttle: { error: 'TooManyRequestsException', status: 429 },
    '5xx': { error: 'ServiceException', status: 500 },
    denied: { error: 'AccessDeniedException', status: 403 },
  },
};

const FAULTS = ['throttle', '5xx', 'slow', 'denied', 'malformed'] as const;
type FaultKind = (typeof FAULTS)[number];

/** The fault of `kind` on `operation`, on every call (retries included): the persistent case. */
function faultOf(operation: string, kind: FaultKind): StateFault {
  if (kind === 'slow') return { operation, delayMs: 10 * 60_000 };
  if (kind === 'malformed') return { operation, malformed: true };
  const service = operation.split(':')[0]!;
  return { operation, ...(CODES[service] ?? CODES.default!)[kind] };
}

/**
 * Whether a run handled the fault: it delivered exactly one result — a failure, for a function whose
 * result is a verdict on the faulted call (nothing waved through) — or it delivered none and failed the
 * invocation (so Lambda retries) because the fault was on the call that delivers the result; and it
 * never ran past its deadline (the local runtime kills it then, as Lambda does: `Sandbox.Timedout`).
 */
function verdict(
  logicalId: string,
  operation: string,
  run: Invocation,
): { handled: boolean; detail: string } {
  const contract = RESULT_CONTRACTS[logicalId]!;
  const delivered = contract.delivered(run);
  const timedOut = run.error?.errorType === 'Sandbox.Timedout';
  const onReport = contract.reportOperations.includes(operation);
  const retried = delivered === 0 && run.error !== undefined && onReport;
  const wavedThrough =
    delivered === 1 &&
    !onReport &&
    contract.deliveredFailure !== undefined &&
    !contract.deliveredFailure(run);
  const handled = !timedOut && !wavedThrough && (delivered === 1 || retried);
  const calls = run.calls.map((call) => `${call.operation} ${call.outcome} ${call.detail}`.trim()).join(', ');
  return {
    handled,
    detail: `delivered ${delivered}${wavedThrough ? ' (not a failure: waved through)' : ''}, error ${run.error?.errorType ?? 'none'}; calls: ${calls}`,
  };
}

describe.each(functionsWithEvents())(
  '$logicalId under AWS faults (built bundle, loopback endpoint)',
  ({ logicalId, eventDir }) => {
    it('has a result contract and sample events', () => {
      expect(RESULT_CONTRACTS[logicalId]).toBeDefined();
      expect(eventDir).not.toBe('');
    });

    it('delivers exactly one result, or fails the invocation before its deadline, for every operation × fault', async () => {
      const operations = await bundleOperations(logicalId);
      const eventFor = await eventsCalling(logicalId, eventDir, operations);
      const cases = [...eventFor].flatMap(([operation, event]) =>
        FAULTS.map((fault) => ({ operation, event, fault })),
      );
      const results = await mapLimit(cases, 6, async ({ operation, event, fault }) => {
        const run = await invokeBundle(logicalId, readEvent(event), {
          state: { faults: [faultOf(operation, fault)] },
          env: ENV,
          timeoutSeconds: TIMEOUT_SECONDS,
        });
        const outcome = verdict(logicalId, operation, run);
        recordFigure({ table: 'faults', fn: logicalId, operation, fault, ...outcome });
        return { operation, fault, event, ...outcome };
      });

      expect(operations.filter((operation) => !eventFor.has(operation))).toEqual([]); // every call has a sample event
      expect(
        results.filter((r) => !r.handled).map((r) => `${r.operation} ${r.fault} (${r.event}): ${r.detail}`),
      ).toEqual([]);
    }, 240_000);
  },
);
