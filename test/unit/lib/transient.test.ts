import fc from 'fast-check';
import { retryTransient, transientKind } from '../../../functions/lib/aws/transient';
import { DeadlineExceededError, TransientAwsError } from '../../../functions/lib/errors';
import { currentScope, runWithDeadline } from '../../../functions/lib/invocation';
import { awsError } from '../../support/aws-error';

/** Settles `promise` while the fake clock runs (pauses and deadlines fire as simulated time passes). */
async function settle<T>(promise: Promise<T>, ms = 120_000): Promise<T | unknown> {
  const outcome = promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  await jest.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe('transientKind', () => {
  it.each([
    ['throttled', awsError('ThrottlingException')],
    ['throttled', awsError('Throttling')],
    ['throttled', awsError('SomethingNew', undefined, 429)],
    ['server error (HTTP 500)', awsError('InternalFailure', undefined, 500)],
    ['server error (HTTP 503)', awsError('ServiceUnavailable', undefined, 503)],
    ['timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['network error (ECONNRESET)', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    [
      'throttled',
      Object.assign(new Error('Rate exceeded', { cause: awsError('ThrottlingException') }), {
        name: 'GetParameterError',
      }),
    ],
  ])('says %s for %p', (kind, error) => {
    expect(transientKind(error)).toBe(kind);
  });

  it.each([
    awsError('AccessDeniedException', undefined, 403),
    awsError('KMSAccessDeniedException', undefined, 502),
    awsError('ValidationException'),
    awsError('DeploymentDoesNotExistException'),
    new DeadlineExceededError('out of time'),
    new TransientAwsError('already given up', { cause: awsError('ThrottlingException') }),
    'not an error',
  ])('says a retry cannot help for %p', (error) => {
    expect(transientKind(error)).toBeUndefined();
  });

  it('never calls a 4xx answer other than 429 transient, unless its name is a throttling code', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((name) => !/thrott|toomany|slowdown|limitexceeded/i.test(name)),
        fc.integer({ min: 400, max: 499 }).filter((status) => status !== 429),
        (name, status) => transientKind(awsError(name, undefined, status)) === undefined,
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('retryTransient', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Math, 'random').mockReturnValue(1); // the longest backoff: 1 s, 2 s, 4 s, 8 s, 8 s …
  });
  afterEach(() => jest.useRealTimers());

  it('retries a throttled call with backoff and returns its answer', async () => {
    const attempt = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(awsError('ThrottlingException'))
      .mockRejectedValueOnce(awsError('InternalFailure', undefined, 500))
      .mockResolvedValue('answer');

    const result = await settle(runWithDeadline(60_000, () => retryTransient('GetDeployment', attempt)));

    expect(result).toBe('answer');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('gives up before the work deadline, saying which call, which errors, how many attempts over how long', async () => {
    const attempt = jest.fn(() =>
      Promise.reject(awsError('ThrottlingException', undefined, 400, { attempts: 5 })),
    );

    const error = await settle(runWithDeadline(10_000, () => retryTransient('GetDeployment', attempt)));

    // 1 s + 2 s + 4 s of backoff; the next 8 s would not fit in what is left of the 10 s budget.
    expect(error).toBeInstanceOf(TransientAwsError);
    expect((error as Error).message).toBe(
      "GetDeployment failed transiently until the work's time was spent: 4 attempts (20 requests with the " +
        "SDK's own retries) over 7s: ThrottlingException: ThrottlingException from the service (throttled) ×4. " +
        'This is a transient AWS problem, not a verdict on what was checked: retry; if it persists, check the ' +
        "AWS Health Dashboard and the account's API quotas, or raise the function's Timeout",
    );
    expect(attempt).toHaveBeenCalledTimes(4);
  });

  it('never waits into the reserve, whatever the budget (simulated remaining time)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 120_000 }), async (budget) => {
        const attempt = jest.fn(() => Promise.reject(awsError('ThrottlingException')));
        const started = Date.now();
        const error = await settle(
          runWithDeadline(budget, () => retryTransient('GetDeployment', attempt)),
          budget + 1,
        );
        expect(error).toBeInstanceOf(TransientAwsError);
        expect(Date.now() - started).toBeLessThanOrEqual(budget + 1);
      }),
      { numRuns: 100 },
    );
  });

  it('cuts a call that never answers just before the work deadline and names it', async () => {
    let signal: AbortSignal | undefined;
    const attempt = jest.fn(() => {
      signal = currentScope()?.signal;
      return new Promise<never>(() => undefined);
    });

    const error = await settle(
      runWithDeadline(5_000, () => retryTransient('GetApplicationRevision', attempt)),
    );

    expect(error).toBeInstanceOf(TransientAwsError);
    expect((error as Error).message).toMatch(
      /^GetApplicationRevision failed transiently until the work's time was spent: 1 attempt over 5s: no answer in the time left\./,
    );
    expect(signal?.aborted).toBe(true); // the in-flight request is cancelled
  });

  it('lets a call whose slowness is the answer run into the work deadline (cutBeforeDeadline: false)', async () => {
    const attempt = () => new Promise<never>(() => undefined);

    const error = await settle(
      runWithDeadline(5_000, () => retryTransient('Invoke', attempt, { cutBeforeDeadline: false })),
    );

    expect(error).toBeInstanceOf(DeadlineExceededError);
  });

  it.each(['AccessDeniedException', 'ValidationException', 'DeploymentDoesNotExistException'])(
    'rethrows %s at once (a retry cannot help)',
    async (name) => {
      const attempt = jest.fn(() => Promise.reject(awsError(name)));

      const error = await settle(runWithDeadline(60_000, () => retryTransient('GetDeployment', attempt)));

      expect((error as Error).name).toBe(name);
      expect(attempt).toHaveBeenCalledTimes(1);
    },
  );

  it('makes one attempt outside a work scope (no budget to spend)', async () => {
    const attempt = jest.fn(() => Promise.reject(awsError('ThrottlingException')));

    const error = await settle(retryTransient('GetDeployment', attempt));

    expect((error as Error).name).toBe('ThrottlingException');
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
