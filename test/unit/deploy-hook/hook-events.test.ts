import {
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import fc from 'fast-check';
import { handler } from '../../../functions/deploy-hook';
import { UnsupportedEventError } from '../../../functions/lib/errors';
import { logger, metrics } from '../../../functions/lib/observability';
import { awsError } from '../../support/aws-error';
import { idStrings } from './arbitraries';
import { answerFromState, hookContext, hookEvent, mocks, useConfigPath } from './fixtures';

/** What CodeDeploy received: the input of every PutLifecycleEventHookExecutionStatus call. */
const reports = () =>
  mocks.codedeploy
    .commandCalls(PutLifecycleEventHookExecutionStatusCommand)
    .map((call) => call.args[0].input);

/** How GetDeployment answers in a generated case. */
const getDeploymentAnswers = fc.constantFrom(
  'from the sample state',
  'DeploymentDoesNotExistException',
  'AccessDeniedException',
  'ThrottlingException',
  'InternalFailure',
  'never',
);

function answerGetDeployment(answer: string): void {
  if (answer === 'from the sample state') return;
  const stub = mocks.codedeploy.on(GetDeploymentCommand);
  if (answer === 'never') stub.callsFake(() => new Promise(() => undefined));
  else stub.rejects(awsError(answer, undefined, answer === 'InternalFailure' ? 500 : 400));
}

/** Events as an attacker or a careless caller might send them: anything, near misses, the real shape. */
const events = fc.oneof(
  fc.anything(),
  fc.record(
    {
      DeploymentId: fc.oneof(idStrings, fc.constant(''), fc.anything()),
      LifecycleEventHookExecutionId: fc.oneof(idStrings, fc.constant(''), fc.anything()),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    DeploymentId: fc.constantFrom('d-7KQ2M4XAB', 'd-B4C6E8G1J'),
    LifecycleEventHookExecutionId: idStrings,
  }),
);

/** The ids the hook must report for an event (own, non-empty strings), or undefined when it has none. */
function idsOf(event: unknown): { deploymentId: string; hookId: string } | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  const { DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookId } = event as Record<
    string,
    unknown
  >;
  if (typeof deploymentId !== 'string' || typeof hookId !== 'string') return undefined;
  if (deploymentId === '' || hookId === '') return undefined;
  return { deploymentId, hookId };
}

describe('deploy hook handler over generated events', () => {
  useConfigPath('/pipewright/dev/');
  beforeEach(() => {
    answerFromState();
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '10000';
  });

  it('gives every event with both ids exactly one status, echoing the ids byte for byte, or refuses it as unsupported — never a crash after the ids are known', async () => {
    await fc.assert(
      fc.asyncProperty(events, getDeploymentAnswers, async (event, answer) => {
        answerFromState();
        answerGetDeployment(answer);
        mocks.codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
        const ids = idsOf(event);

        // 50 ms of work: a transient error gives up at once, a call that never answers is cut.
        const outcome = await handler(event as never, hookContext(10_050)).then(
          (verdict) => ({ verdict }),
          (error: unknown) => ({ error }),
        );

        if (!ids) {
          expect('error' in outcome && outcome.error).toBeInstanceOf(UnsupportedEventError);
          expect((outcome as { error: Error }).error.message).toMatch(
            /^Not a CodeDeploy lifecycle hook event \(expected \{DeploymentId, LifecycleEventHookExecutionId\}, both non-empty strings\): /,
          );
          Object.values(mocks).forEach((mock) => expect(mock.calls()).toHaveLength(0));
          return;
        }
        expect(outcome).toHaveProperty('verdict');
        expect(reports()).toEqual([
          {
            deploymentId: ids.deploymentId,
            lifecycleEventHookExecutionId: ids.hookId,
            status: expect.stringMatching(/^(Succeeded|Failed)$/),
          },
        ]);
        if (answer !== 'from the sample state') expect(reports()[0]!.status).toBe('Failed');
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('reports an id that starts with U+FEFF with it, and a whitespace-only id as it is', async () => {
    for (const hookId of ['\uFEFF4e7f2b90-8c3d-4a1e-b6f5-0d9a3c8e1b27', ' ', '\t\n']) {
      answerFromState();
      await handler({ ...hookEvent('lambda-success'), LifecycleEventHookExecutionId: hookId }, hookContext());
      expect(reports().map((input) => input.lifecycleEventHookExecutionId)).toEqual([hookId]);
    }
  });

  it('reports Failed, saying why, for an oversized event whose ids are usable', async () => {
    const event = { ...hookEvent('lambda-success'), padding: 'x'.repeat(300_000) };

    const verdict = await handler(event, hookContext());

    expect(verdict.status).toBe('Failed');
    expect(verdict.reason).toMatch(/^ConfigurationError: The hook event is 300\d{3} bytes of JSON; /);
    expect(reports()).toHaveLength(1);
    expect(mocks.codedeploy).not.toHaveReceivedCommand(GetDeploymentCommand);
  });

  it('logs and counts, without an AWS call or an invocation error, an id too long to be CodeDeploy’s', async () => {
    const error = jest.spyOn(logger, 'error');
    const counted = jest.spyOn(metrics, 'addMetric');
    const event = { ...hookEvent('lambda-success'), LifecycleEventHookExecutionId: 'h'.repeat(100_000) };

    const verdict = await handler(event, hookContext());

    expect(verdict.status).toBe('Failed');
    Object.values(mocks).forEach((mock) => expect(mock.calls()).toHaveLength(0));
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(
        /cannot be reported \(UnreportableIdsError: no status sent: LifecycleEventHookExecutionId is 100000 characters long; CodeDeploy ids are at most 8192 here\)/,
      ),
      expect.anything(),
    );
    expect(counted).toHaveBeenCalledWith('ResultUnreportable', 'Count', 1);
    const longest = Math.max(...error.mock.calls.map(([message]) => String(message).length));
    expect(longest).toBeLessThan(5_000); // the id is cut in log lines
  });

  it('logs and counts, without an invocation error, an id CodeDeploy refuses as invalid', async () => {
    const counted = jest.spyOn(metrics, 'addMetric');
    mocks.codedeploy
      .on(PutLifecycleEventHookExecutionStatusCommand)
      .rejects(awsError('InvalidLifecycleEventHookExecutionIdException'));

    const verdict = await handler(
      { ...hookEvent('lambda-success'), LifecycleEventHookExecutionId: ' ' },
      hookContext(),
    );

    expect(verdict.status).toBe('Succeeded');
    expect(reports()).toHaveLength(1);
    expect(counted).toHaveBeenCalledWith('ResultUnreportable', 'Count', 1);
  });
});
