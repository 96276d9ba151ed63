import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { describeDeployment, type DeploymentTarget } from '../../../functions/deploy-hook/deployment';
import { runChecks } from '../../../functions/deploy-hook/run-checks';
import { DeadlineExceededError } from '../../../functions/lib/errors';
import { runWithDeadline } from '../../../functions/lib/invocation';
import { logger, metrics } from '../../../functions/lib/observability';
import { awsError } from '../../support/aws-error';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';
import { HOOK_NAME as HOOK } from '../../support/samples';
import { answerFromState, mocks, useConfigPath, state } from './fixtures';

function spyMetrics() {
  const recorded: Array<{ dimension?: string; name: string }> = [];
  jest.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    let dimension: string | undefined;
    return {
      addDimension: (_key: string, value: string) => (dimension = value),
      addMetric: (name: string) => recorded.push({ dimension, name }),
    } as never;
  });
  jest.spyOn(metrics, 'addMetric').mockImplementation((name) => {
    recorded.push({ name });
    return metrics;
  });
  return recorded;
}

function withConfig(name: string, value: object) {
  state.ssm.parameters.push({ name, type: 'String', value: JSON.stringify(value) });
  answerFromState();
}

describe('runChecks', () => {
  useConfigPath('/pipewright/dev/');
  const original = [...state.ssm.parameters];
  beforeEach(() => answerFromState());
  afterEach(() => state.ssm.parameters.splice(0, state.ssm.parameters.length, ...original));

  it('logs a failed check with expected versus seen and counts it per check', async () => {
    const recorded = spyMetrics();
    const error = jest.spyOn(logger, 'error');
    const verdict = await runChecks(await describeDeployment('d-3HN8W2QPZ', HOOK));
    expect(verdict.status).toBe('Failed');
    expect(recorded).toEqual([{ dimension: 'invoke', name: 'CheckFailed' }]);
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Check invoke FAILED on inventory-sync-SyncFunction-Qw9Er8Ty7Ui6:15 \(alias live, from version 14\): .*expected no FunctionError, got Unhandled/,
      ),
      expect.objectContaining({ check: 'invoke', passed: false }),
    );
  });

  it('counts passed checks per check', async () => {
    const recorded = spyMetrics();
    await runChecks(await describeDeployment('d-7KQ2M4XAB', HOOK));
    expect(recorded).toEqual([
      { dimension: 'invoke', name: 'CheckPassed' },
      { dimension: 'alarms', name: 'CheckPassed' },
    ]);
  });

  it('fails naming the parameters to create for an ECS deployment without configuration (nothing to check by default)', async () => {
    answerFromState({ withConfig: false });

    await expect(runChecks(await describeDeployment('d-B4C6E8G1J', HOOK))).rejects.toThrow(
      /^No checks are configured for ECS task definition .*: create the parameter \/pipewright\/dev\/deploy-hook\/groups\/[^ ]+ \(or \/pipewright\/dev\/deploy-hook\/apps\/[^ ]+ for every group of the application/,
    );
  });

  it('skips a check limited to another lifecycle event when the hook knows its event', async () => {
    withConfig(
      '/pipewright/dev/deploy-hook/groups/inventory-sync-ServerlessDeploymentApplication-5LP0R7ZC1W9E/inventory-sync-SyncFunctionDeploymentGroup-2MBX8H4Q6TNA',
      {
        checks: [
          { check: 'invoke', when: ['AfterAllowTraffic'] },
          { check: 'alarms', names: ['orders-api-errors'] },
        ],
      },
    );
    const verdict = await runChecks(await describeDeployment('d-3HN8W2QPZ', HOOK));
    expect(verdict).toEqual({ status: 'Succeeded', reason: '1 check passed' });
    expect(mocks.lambda).not.toHaveReceivedCommand(InvokeCommand);
  });

  it('runs a limited check anyway when the hook cannot tell which event it serves', async () => {
    const target: DeploymentTarget = {
      ...(await describeDeployment('d-3HN8W2QPZ', HOOK)),
      lifecycleEvents: ['BeforeAllowTraffic', 'AfterAllowTraffic'],
    };
    withConfig(
      '/pipewright/dev/deploy-hook/apps/inventory-sync-ServerlessDeploymentApplication-5LP0R7ZC1W9E',
      {
        checks: [{ check: 'invoke', when: ['AfterAllowTraffic'] }],
      },
    );
    const verdict = await runChecks(target);
    expect(verdict.status).toBe('Failed');
    expect(mocks.lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });

  it('stops after the deadline: no further check runs and a late outcome is neither logged nor counted', async () => {
    const target = await describeDeployment('d-7KQ2M4XAB', HOOK); // invoke, then alarms
    const recorded = spyMetrics();
    const info = jest.spyOn(logger, 'info');
    const error = jest.spyOn(logger, 'error');
    let answerInvoke: (value: object) => void = () => undefined;
    mocks.lambda.on(InvokeCommand).callsFake(() => new Promise((resolve) => (answerInvoke = resolve)));
    let late: Promise<unknown> = Promise.resolve();

    const verdict = runWithDeadline(20, () => (late = runChecks(target)));
    await expect(verdict).rejects.toThrow(DeadlineExceededError);
    answerInvoke({ StatusCode: 200, Payload: Buffer.from('{"statusCode":200}') });
    await late.catch(() => undefined); // the work, abandoned by the deadline, runs to its end

    expect(mocks.cloudwatch).not.toHaveReceivedCommand(DescribeAlarmsCommand);
    expect(recorded).toEqual([]);
    const logged = [...info.mock.calls, ...error.mock.calls].map(([message]) => String(message));
    expect(logged.filter((message) => message.startsWith('Check '))).toEqual([]);
  });

  it('counts a check that cannot run (access denied) as failed, names what to fix, and still runs the others', async () => {
    mocks.lambda
      .on(InvokeCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform lambda:InvokeFunction', 403));
    const verdict = await runChecks(await describeDeployment('d-7KQ2M4XAB', HOOK));
    expect(verdict.status).toBe('Failed');
    expect(verdict.reason).toMatch(
      /^1 of 2 checks failed — invoke: could not run: ConfigurationError: AWS denied lambda:InvokeFunction \(AccessDeniedException: not authorized to perform lambda:InvokeFunction\): the hook may invoke only functions matching its stack's HookTargetFunctions parameter/,
    );
    expect(mocks.cloudwatch).toHaveReceivedCommand(DescribeAlarmsCommand);
  });
});

describe('runChecks, a check that asks for more attempts', () => {
  useConfigPath('/pipewright/dev/');
  const original = [...state.ssm.parameters];
  const ECS_GROUP =
    '/pipewright/dev/deploy-hook/groups/AppECS-orders-cluster-orders-web/DgpECS-orders-cluster-orders-web';
  let server: LoopbackServer;
  let statuses: number[];
  beforeAll(async () => {
    server = await startLoopbackServer((_req, res) => res.writeHead(statuses.shift() ?? 200).end('{}'));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    statuses = [];
    answerFromState();
  });
  afterEach(() => state.ssm.parameters.splice(0, state.ssm.parameters.length, ...original));

  /** The ECS deployment group's configuration: an http check on the test listener, `intervalMs` apart. */
  function httpOnTestListener(intervalMs: number) {
    state.ssm.parameters = state.ssm.parameters.filter((p) => p.name !== ECS_GROUP);
    withConfig(ECS_GROUP, {
      listeners: { test: server.url() },
      checks: [{ check: 'http', listener: 'test', path: '/health', attempts: 3, intervalMs }],
    });
  }

  it('gets them inside the invocation, after the pause each asks for, until the check passes', async () => {
    httpOnTestListener(5);
    statuses = [503, 503];
    const verdict = await runChecks(await describeDeployment('d-B4C6E8G1J', HOOK));
    expect(verdict).toEqual({ status: 'Succeeded', reason: '1 check passed' });
    expect(server.hits()).toBeGreaterThanOrEqual(3);
  });

  it('stops at the work deadline while pausing between them', async () => {
    httpOnTestListener(60_000);
    statuses = [503];
    const target = await describeDeployment('d-B4C6E8G1J', HOOK);
    const before = server.hits();
    await expect(runWithDeadline(1_500, () => runChecks(target))).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(server.hits() - before).toBe(1);
  });
});

describe('describeDeployment', () => {
  useConfigPath('/pipewright/dev/');
  beforeEach(() => answerFromState());

  it('knows the lifecycle event when the AppSpec names this function, by name or ARN', async () => {
    await expect(describeDeployment('d-7KQ2M4XAB', HOOK)).resolves.toMatchObject({
      lifecycleEvents: ['BeforeAllowTraffic'],
      computePlatform: 'Lambda',
    });
    await expect(describeDeployment('d-3HN8W2QPZ', HOOK)).resolves.toMatchObject({
      lifecycleEvents: ['BeforeAllowTraffic'],
    });
    await expect(describeDeployment('d-7KQ2M4XAB', 'another-function')).resolves.toMatchObject({
      lifecycleEvents: [],
    });
  });
});
