import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServiceDeploymentsCommand, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { handler } from '../../../../functions/deploy-hook';
import { UnsupportedEventError } from '../../../../functions/lib/errors';
import { logger, metrics } from '../../../../functions/lib/observability';
import { awsError } from '../../../support/aws-error';
import { type LoopbackServer, startLoopbackServer } from '../../../support/loopback-server';
import { readEvent } from '../../../support/samples';
import { answerFromState, hookContext, mocks, state, useConfigPath } from '../fixtures';

type Answer = {
  hookStatus: string;
  callBackDelay?: number;
  hookDetails: { pipewright: Record<string, unknown> };
};

const ecsEvent = (name: string) => readEvent<Record<string, unknown>>(`deploy-hook/${name}.json`);
const answer = async (event: unknown, remainingMs = 60_000) =>
  (await handler(event, hookContext(remainingMs))) as Answer;

const CHECKOUT = '/pipewright/dev/deploy-hook/ecs/shop-prod/checkout';
const CHECKOUT_DEPLOYMENT =
  'arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop-prod/checkout/EZe5RNVLH6PPzHXINuP28';

/**
 * Points the checkout service's test listener at `url` (the seed says the sample app, 127.0.0.1:8080)
 * and its http check's pause between attempts at `intervalMs`.
 */
function testListenerAt(url: string, intervalMs = 3_000): void {
  const parameter = state.ssm.parameters.find((p) => p.name === CHECKOUT)!;
  const config = JSON.parse(parameter.value) as {
    listeners: { test: string };
    checks: Array<{ check: string; intervalMs?: number }>;
  };
  const checks = config.checks.map((c) => (c.check === 'http' ? { ...c, intervalMs } : c));
  parameter.value = JSON.stringify({ ...config, checks, listeners: { ...config.listeners, test: url } });
  answerFromState();
}

describe('deploy hook handler, Amazon ECS lifecycle hooks', () => {
  useConfigPath('/pipewright/dev/');
  const seeded = structuredClone({ parameters: state.ssm.parameters, ecs: state.ecs });
  let app: LoopbackServer;
  let health: number;
  let requests: number;
  beforeAll(async () => {
    app = await startLoopbackServer((_req, res) => {
      requests++;
      res.writeHead(health, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    health = 200;
    requests = 0;
    answerFromState();
  });
  afterEach(() => {
    state.ssm.parameters = structuredClone(seeded.parameters);
    state.ecs = structuredClone(seeded.ecs);
  });

  it('answers SUCCEEDED once the test listener answers as expected at POST_TEST_TRAFFIC_SHIFT', async () => {
    testListenerAt(app.url());

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift'));

    expect(result).toEqual({
      hookStatus: 'SUCCEEDED',
      hookDetails: {
        pipewright: { v: 1, stage: 'POST_TEST_TRAFFIC_SHIFT', result: 'SUCCEEDED', reason: '1 check passed' },
      },
    });
    expect(mocks.ecs).toHaveReceivedCommandWith(DescribeServiceDeploymentsCommand, {
      serviceDeploymentArns: [CHECKOUT_DEPLOYMENT],
    });
    expect(mocks.ecs).not.toHaveReceivedCommand(ListServiceDeploymentsCommand);
    expect(mocks.codedeploy.calls()).toHaveLength(0);
    expect(requests).toBe(1);
  });

  it('answers FAILED at once, naming the check and what it saw, when a check fails', async () => {
    const result = await answer(ecsEvent('ecs-post-scale-up-flat-payload'));

    expect(result.hookStatus).toBe('FAILED');
    expect(result.hookDetails.pipewright).toMatchObject({ v: 1, stage: 'POST_SCALE_UP', result: 'FAILED' });
    expect(result.hookDetails.pipewright.reason).toMatch(
      /^check 1 of 1 failed — alarms: expected no alarm in ALARM among shop-cart-5xx, got: shop-cart-5xx is in ALARM/,
    );
  });

  it('finds the stage of the earlier flat payload with ListServiceDeployments and DescribeServiceDeployments', async () => {
    await answer(ecsEvent('ecs-post-scale-up-flat-payload'));

    expect(mocks.ecs).toHaveReceivedCommandWith(ListServiceDeploymentsCommand, {
      cluster: 'shop-prod',
      service: 'cart',
      status: ['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'],
    });
    expect(mocks.ecs).toHaveReceivedCommandWith(DescribeServiceDeploymentsCommand, {
      serviceDeploymentArns: [
        'arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop-prod/cart/Hk2Pq7XwTz9LmN4bV6cR1',
      ],
    });
  });

  it('answers SUCCEEDED without any check or AWS call, and says so, while traffic shifts back in a rollback', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const counted = jest.spyOn(metrics, 'addMetric');

    const result = await answer(ecsEvent('ecs-production-traffic-shift-rollback'));

    expect(result.hookStatus).toBe('SUCCEEDED');
    expect(result.hookDetails.pipewright.reason).toMatch(/^rolling back \(production traffic shifts back: /);
    Object.values(mocks).forEach((mock) => expect(mock.calls()).toHaveLength(0));
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^ECS is rolling back ECS service shop-prod\/checkout/),
    );
    expect(counted).toHaveBeenCalledWith('RollbackNotChecked', 'Count', 1);
  });

  it.each(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])(
    'answers SUCCEEDED without checks when the service deployment is %s',
    async (status) => {
      state.ecs.serviceDeployments[CHECKOUT_DEPLOYMENT]!.status = status;

      const result = await answer(ecsEvent('ecs-post-test-traffic-shift'));

      expect(result.hookStatus).toBe('SUCCEEDED');
      expect(result.hookDetails.pipewright.reason).toContain(`the service deployment is ${status}`);
      expect(mocks.ssm).not.toHaveReceivedCommand(GetParametersByPathCommand);
    },
  );

  it('answers IN_PROGRESS with callBackDelay, where it stands in hookDetails, while alarms must stay OK', async () => {
    const before = Date.now();
    const result = await answer(ecsEvent('ecs-post-production-traffic-shift'));

    expect(result).toEqual({
      hookStatus: 'IN_PROGRESS',
      callBackDelay: 60,
      hookDetails: {
        pipewright: {
          v: 1,
          stage: 'POST_PRODUCTION_TRAFFIC_SHIFT',
          execution: '5f40ed04-7e54-437d-b95d-98bc872fec49',
          check: 0,
          name: 'alarms',
          of: 1,
          attempts: 1,
          since: expect.any(Number),
          due: expect.any(Number),
        },
      },
    });
    const { since, due } = result.hookDetails.pipewright as { since: number; due: number };
    expect(since).toBeGreaterThanOrEqual(before);
    expect(due - since).toBeGreaterThanOrEqual(60_000);
    expect(JSON.stringify(result.hookDetails).length).toBeLessThan(500);
  });

  it('answers IN_PROGRESS, not FAILED, when AWS throttles a check until the work time is spent (no verdict on the target)', async () => {
    mocks.cloudwatch.on(DescribeAlarmsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    const result = await answer(ecsEvent('ecs-post-production-traffic-shift'), 12_500); // 2.5 s of work

    expect(result).toMatchObject({ hookStatus: 'IN_PROGRESS', callBackDelay: 30 });
    expect(result.hookDetails.pipewright).toMatchObject({ name: 'alarms', attempts: 1 });
  });

  it('fails a check that AWS kept from running for 15 minutes since its first attempt', async () => {
    mocks.cloudwatch.on(DescribeAlarmsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const first = await answer(ecsEvent('ecs-post-production-traffic-shift'), 12_500);
    const handedOver = first.hookDetails.pipewright as { since: number };
    const later = { ...first.hookDetails.pipewright, since: handedOver.since - 16 * 60_000, due: Date.now() };

    const result = await answer(
      { ...ecsEvent('ecs-post-production-traffic-shift'), hookDetails: { pipewright: later } },
      12_500,
    );

    expect(result.hookStatus).toBe('FAILED');
    expect(String(result.hookDetails.pipewright.reason)).toMatch(
      /alarms: .*(could not run: TransientAwsError|did not pass within)/,
    );
  });

  it('goes on from the hookDetails ECS hands back, and passes once the alarms stayed OK long enough', async () => {
    const first = await answer(ecsEvent('ecs-post-production-traffic-shift'));
    const handedOver = first.hookDetails.pipewright as { since: number; due: number };
    const later = {
      ...handedOver,
      since: handedOver.since - 300_000, // the window began five minutes ago
      due: Date.now(),
    };

    const result = await answer({
      ...ecsEvent('ecs-post-production-traffic-shift'),
      hookDetails: { pipewright: later },
    });

    expect(result.hookStatus).toBe('SUCCEEDED');
    expect(mocks.cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 2);
  });

  it('resumes a retried http check at the attempt it handed over', async () => {
    testListenerAt(app.url(), 1);
    health = 503;
    const error = jest.spyOn(logger, 'error');

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift-resume'));

    expect(result.hookStatus).toBe('FAILED');
    expect(requests).toBe(3); // attempts 3, 4 and 5 of 5
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Check http FAILED on ECS service shop-prod\/checkout, revision 9313423515462893900: .*\(after 5 attempts\)$/,
      ),
      expect.objectContaining({ check: 'http', passed: false }),
    );
  });

  it('makes the first attempt of an invocation however little work time is left (a short Timeout still gets on)', async () => {
    testListenerAt(app.url());

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift'), 12_000); // 2 s of work, 10 s reserve

    expect(result.hookStatus).toBe('SUCCEEDED');
    expect(requests).toBe(1);
  });

  it('answers FAILED naming the parameter to create when the service has no configuration (a typo never waves it through)', async () => {
    state.ssm.parameters = state.ssm.parameters.filter((p) => p.name !== CHECKOUT);
    answerFromState();

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift'));

    expect(result.hookStatus).toBe('FAILED');
    expect(result.hookDetails.pipewright.reason).toBe(
      `ConfigurationError: No checks are configured for ECS service shop-prod/checkout: create the parameter ${CHECKOUT} (see docs/deploy-hook.md), or detach the hook from the service`,
    );
  });

  it('answers SUCCEEDED with a warning and NoChecksConfigured when no check applies at the stage', async () => {
    const counted = jest.spyOn(metrics, 'addMetric');

    const result = await answer(ecsEvent('ecs-test-traffic-shift'));

    expect(result.hookDetails.pipewright).toMatchObject({ result: 'SUCCEEDED', reason: 'no check applies' });
    expect(counted).toHaveBeenCalledWith('NoChecksConfigured', 'Count', 1);
  });

  it('answers FAILED, naming the field, without any AWS call, for a malformed ECS event', async () => {
    const result = await answer(ecsEvent('ecs-malformed-service-arn'));

    expect(result.hookStatus).toBe('FAILED');
    expect(result.hookDetails.pipewright.reason).toBe(
      'ConfigurationError: ECS hook event.executionDetails.serviceArn: expected an ECS service ARN (arn:aws:ecs:<region>:<account>:service/<cluster>/<service>), got "checkout"',
    );
    Object.values(mocks).forEach((mock) => expect(mock.calls()).toHaveLength(0));
  });

  it('answers FAILED for a service deployment ECS does not know', async () => {
    const event = { ...ecsEvent('ecs-post-test-traffic-shift'), resourceArn: `${CHECKOUT_DEPLOYMENT}x` };

    const result = await answer(event);

    expect(result.hookDetails.pipewright.reason).toBe(
      `ConfigurationError: ECS does not describe service deployment ${CHECKOUT_DEPLOYMENT}x (MISSING)`,
    );
  });

  it('answers FAILED when the service deployment ECS describes deploys another revision than the event', async () => {
    const target = state.ecs.serviceDeployments[CHECKOUT_DEPLOYMENT]!.targetServiceRevision as {
      arn: string;
    };
    target.arn = target.arn.replace('9313423515462893900', '1111111111111111111');

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift'));

    expect(result.hookStatus).toBe('FAILED');
    expect(result.hookDetails.pipewright.reason).toContain('the event does not match what ECS runs');
  });

  it('answers FAILED naming the IAM action when DescribeServiceDeployments is denied', async () => {
    mocks.ecs
      .on(DescribeServiceDeploymentsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized'));

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift'));

    expect(result.hookDetails.pipewright.reason).toMatch(
      /^ConfigurationError: AWS denied ecs:DescribeServiceDeployments \(AccessDeniedException: not authorized\): the role of DeployHookFunction/,
    );
  });

  it('answers FAILED before the Lambda deadline, naming the call, when ECS never answers', async () => {
    process.env.PIPEWRIGHT_REPORT_RESERVE_MS = '850';
    mocks.ecs.on(DescribeServiceDeploymentsCommand).callsFake(() => new Promise(() => undefined));

    const result = await answer(ecsEvent('ecs-post-test-traffic-shift'), 1_000);

    expect(result.hookStatus).toBe('FAILED');
    expect(result.hookDetails.pipewright.reason).toMatch(
      /^TransientAwsError: DescribeServiceDeployments failed transiently until the work's time was spent/,
    );
  });

  it('puts the correlation keys on its log lines, the service as ecsService (Powertools reserves "service")', async () => {
    const lines: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const warned = jest.spyOn(console, 'warn');
    logger.setLogLevel('INFO');
    try {
      await answer(ecsEvent('ecs-production-traffic-shift-rollback'));
    } finally {
      logger.setLogLevel('SILENT');
    }
    const answered = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => String(line.message).startsWith('Answering SUCCEEDED'));
    expect(answered).toMatchObject({
      cluster: 'shop-prod',
      ecsService: 'checkout',
      executionId: '70073435-cb99-457f-b900-6ee1dcad05ec',
    });
    expect(warned).not.toHaveBeenCalledWith(expect.stringMatching(/reserved key/));
  });

  it('answers FAILED, and still does not throw, when even logging the answer fails', async () => {
    jest.spyOn(logger, 'info').mockImplementation(() => {
      throw new Error('stdout closed');
    });

    const result = await answer(ecsEvent('ecs-test-traffic-shift'));

    expect(result.hookStatus).toBe('FAILED');
    expect(result.hookDetails.pipewright.reason).toBe('could not answer: stdout closed');
  });

  it.each([
    ['an empty object', {}],
    ['ECS keys beside a DeploymentId (a CodeDeploy event)', { serviceArn: 'x', DeploymentId: 'd-1' }],
  ])('keeps UnsupportedEventError for %s', async (_, event) => {
    await expect(handler(event, hookContext())).rejects.toBeInstanceOf(UnsupportedEventError);
    Object.values(mocks).forEach((mock) => expect(mock.calls()).toHaveLength(0));
  });
});
