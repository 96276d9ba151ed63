import * as lambdaSdk from '@aws-sdk/client-lambda';
import { FailureType } from '@aws-sdk/client-codepipeline';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { retryTransient, transientKind } from '../../../functions/lib/aws/transient';
import { TransientAwsError } from '../../../functions/lib/errors';
import { runWithDeadline } from '../../../functions/lib/invocation';
import { handler } from '../../../functions/deploy-hook';
import { failureOf } from '../../../functions/pipeline-action/job/result';
import { awsError } from '../../support/aws-error';
import {
  answerFromState,
  hookContext,
  hookEvent,
  mocks,
  reportedStatuses,
  useConfigPath,
} from '../deploy-hook/fixtures';

type LambdaException = new (options: { message: string; $metadata: object }) => Error & { $fault: string };

/** Every modeled exception of @aws-sdk/client-lambda the SDK marks as a server fault (5xx). */
const serverFaults = Object.entries(lambdaSdk)
  .filter(([name, value]) => typeof value === 'function' && name !== 'LambdaServiceException')
  .filter(([, value]) => (value as { prototype?: unknown }).prototype instanceof Error)
  .map(([name, value]) => {
    const error = new (value as LambdaException)({
      message: `${name} from the service`,
      $metadata: { httpStatusCode: 502 },
    });
    return { name, error };
  })
  .filter(({ error }) => error.$fault === 'server');

/** Lambda 5xx errors a retry can help with (EC2 throttling, an ENI or the function still getting ready, Lambda's own fault). */
const TRANSIENT_BY_DESIGN = new Set([
  'EC2ThrottledException',
  'EC2UnexpectedException',
  'ENINotReadyException',
  'ResourceNotReadyException',
  'ServiceException',
]);

/** Lambda Invoke errors that are configuration faults, whatever status they answer with. */
const CONFIGURATION_FAULTS = [
  ['KMSDisabledException', 502],
  ['KMSInvalidStateException', 502],
  ['KMSAccessDeniedException', 502],
  ['KMSNotFoundException', 502],
  ['InvalidZipFileException', 502],
  ['InvalidRuntimeException', 502],
  ['InvalidSubnetIDException', 502],
  ['InvalidSecurityGroupIDException', 502],
  ['SubnetIPAddressLimitReachedException', 502],
  ['ENILimitReachedException', 502],
  ['EC2AccessDeniedException', 502],
  ['EFSMountFailureException', 403],
  ['EFSMountConnectivityException', 408],
  ['EFSMountTimeoutException', 408],
  ['EFSIOException', 410],
] as const;

describe('transientKind and permanent 5xx errors', () => {
  it.each(CONFIGURATION_FAULTS)('says a retry cannot help for %s (HTTP %d)', (name, status) => {
    expect(transientKind(awsError(name, undefined, status))).toBeUndefined();
    expect(transientKind(awsError(name, undefined, 500))).toBeUndefined();
    const wrapped = Object.assign(new Error('wrapped', { cause: awsError(name, undefined, status) }), {
      name: 'GetParameterError',
    });
    expect(transientKind(wrapped)).toBeUndefined();
  });

  it('classifies every 5xx error @aws-sdk/client-lambda models: permanent ones fail at once, the rest are transient', () => {
    expect(serverFaults.length).toBeGreaterThan(10);
    const unclassified = serverFaults
      .filter(({ name }) => !TRANSIENT_BY_DESIGN.has(name))
      .filter(({ error }) => transientKind(error) !== undefined)
      .map(({ name }) => name);
    // A new 5xx error in the SDK must be placed on one list or the other.
    expect(unclassified).toEqual([]);
    for (const { name, error } of serverFaults.filter(({ name }) => TRANSIENT_BY_DESIGN.has(name))) {
      expect([name, transientKind(error)]).toEqual([
        name,
        expect.stringMatching(/^(throttled|server error)/),
      ]);
    }
  });

  it('still retries an unnamed 5xx answer', () => {
    expect(transientKind(awsError('InternalFailure', undefined, 502))).toBe('server error (HTTP 502)');
  });
});

describe('retryTransient and permanent 5xx errors', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each(CONFIGURATION_FAULTS)('rethrows %s at once, as it is, after one attempt', async (name, status) => {
    const attempt = jest.fn<Promise<string>, []>().mockRejectedValue(awsError(name, undefined, status));
    const outcome = runWithDeadline(300_000, () => retryTransient('Invoke', attempt)).catch(
      (error: unknown) => error,
    );
    await jest.advanceTimersByTimeAsync(300_000);
    const error = (await outcome) as Error;
    expect(error).not.toBeInstanceOf(TransientAwsError);
    expect(error.name).toBe(name);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});

describe('the jobs and hooks a permanent 5xx error fails', () => {
  it('reports a pipeline job failure naming the error, not "throttling or unavailable"', () => {
    const failure = failureOf(
      awsError('KMSDisabledException', 'Lambda was unable to decrypt', 502),
      'x',
      'PipelineActionFunction',
    );
    expect(failure.type).not.toBe(FailureType.SystemUnavailable);
    expect(failure.message).toContain('KMSDisabledException: Lambda was unable to decrypt');
    expect(failure.message).not.toMatch(/transient|throttling|unavailable/i);
  });

  describe('deploy hook', () => {
    useConfigPath('/pipewright/dev/');
    beforeEach(() => {
      jest.useFakeTimers();
      answerFromState();
    });
    afterEach(() => jest.useRealTimers());

    it.each(['KMSDisabledException', 'InvalidZipFileException', 'SubnetIPAddressLimitReachedException'])(
      'reports Failed at once, naming %s, when invoking the target answers it',
      async (name) => {
        mocks.lambda.on(InvokeCommand).rejects(awsError(name, `${name} from the service`, 502));
        const outcome = handler(hookEvent('lambda-success'), hookContext(300_000));
        await jest.advanceTimersByTimeAsync(5_000); // no backoff pause is waited for
        const verdict = await outcome;

        expect(verdict?.status).toBe('Failed');
        expect(verdict?.reason).toContain(name);
        expect(verdict?.reason).not.toMatch(/transient/i);
        expect(mocks.lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
        expect(reportedStatuses()).toEqual(['Failed']);
      },
    );
  });
});
