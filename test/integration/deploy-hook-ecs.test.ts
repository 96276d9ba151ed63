import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server';
import { readState } from '../support/samples';
import {
  type EndpointState,
  type Invocation,
  callOutcomes,
  invokeBundle,
  openEndpoint,
  readEvent,
} from './harness';

const FN = 'DeployHookFunction';
const CHECKOUT = '/pipewright/dev/deploy-hook/ecs/shop-prod/checkout';

type Answer = {
  hookStatus: string;
  callBackDelay?: number;
  hookDetails: { pipewright: Record<string, unknown> };
};
const answerOf = (run: Invocation) => run.result as Answer;
const ecsEvent = (name: string) => readEvent<Record<string, unknown>>(`deploy-hook/${name}.json`);

/** The seeded checkout configuration (local/state/deploy-hook.json) with `change` applied, as state to merge. */
function checkoutConfig(change: (config: Record<string, unknown>) => Record<string, unknown>): EndpointState {
  const { ssm } = readState<{ ssm: { parameters: Array<{ name: string; value: string }> } }>('deploy-hook');
  const seeded = JSON.parse(ssm.parameters.find((p) => p.name === CHECKOUT)!.value) as Record<
    string,
    unknown
  >;
  return { ssm: { parameters: [{ name: CHECKOUT, type: 'String', value: JSON.stringify(change(seeded)) }] } };
}

describe('DeployHookFunction bundle serving Amazon ECS lifecycle hooks (loopback endpoint, real SDK wire)', () => {
  let app: LoopbackServer;
  beforeAll(async () => {
    app = await startLoopbackServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
    );
  });
  afterAll(() => app.close());
  const onTestListener = () =>
    checkoutConfig((config) => ({
      ...config,
      listeners: { test: app.url(), production: 'https://checkout.example.com' },
    }));

  it('answers SUCCEEDED once the test listener answers, reading the service deployment with DescribeServiceDeployments', async () => {
    const run = await invokeBundle(FN, ecsEvent('ecs-post-test-traffic-shift'), { state: onTestListener() });

    expect(run.error).toBeUndefined();
    expect(answerOf(run)).toEqual({
      hookStatus: 'SUCCEEDED',
      hookDetails: {
        pipewright: { v: 1, stage: 'POST_TEST_TRAFFIC_SHIFT', result: 'SUCCEEDED', reason: '1 check passed' },
      },
    });
    expect(callOutcomes(run)).toEqual(['DescribeServiceDeployments ok', 'GetParametersByPath ok']);
    expect(run.logs.join('\n')).toContain(
      '"message":"Answering SUCCEEDED for ECS service shop-prod/checkout (POST_TEST_TRAFFIC_SHIFT): 1 check passed"',
    );
  });

  it('finds the deployment of the earlier flat payload with ListServiceDeployments, and answers FAILED naming the alarm', async () => {
    const run = await invokeBundle(FN, ecsEvent('ecs-post-scale-up-flat-payload'));

    expect(answerOf(run).hookStatus).toBe('FAILED');
    expect(answerOf(run).hookDetails.pipewright.reason).toContain('shop-cart-5xx is in ALARM');
    expect(callOutcomes(run)).toEqual([
      'ListServiceDeployments ok',
      'DescribeServiceDeployments ok',
      'GetParametersByPath ok',
      'DescribeAlarms ok',
    ]);
    expect(run.calls[1]!.detail).toBe('IN_PROGRESS POST_SCALE_UP');
  });

  it('answers SUCCEEDED without a call while traffic shifts back in a rollback', async () => {
    const run = await invokeBundle(FN, ecsEvent('ecs-production-traffic-shift-rollback'));

    expect(answerOf(run).hookStatus).toBe('SUCCEEDED');
    expect(run.calls).toEqual([]);
    expect(run.logs.join('\n')).toContain('"message":"ECS is rolling back ECS service shop-prod/checkout');
  });

  it('hands a long watch over with IN_PROGRESS, then goes on from the hookDetails ECS passes back', async () => {
    const endpoint = await openEndpoint();
    try {
      const event = ecsEvent('ecs-post-production-traffic-shift');
      const first = answerOf(await invokeBundle(FN, event, { endpoint }));
      expect(first).toMatchObject({ hookStatus: 'IN_PROGRESS', callBackDelay: 60 });

      // ECS calls again after callBackDelay with what the answer handed over; here the 300 s went by.
      const handedOver = first.hookDetails.pipewright as { since: number };
      const later = { ...first.hookDetails.pipewright, since: handedOver.since - 300_000 };
      const second = await invokeBundle(FN, { ...event, hookDetails: { pipewright: later } }, { endpoint });

      expect(answerOf(second).hookStatus).toBe('SUCCEEDED');
      expect(second.logs.join('\n')).toMatch(
        /"message":"Check alarms passed: 1 alarm checked, none in ALARM \(shop-checkout-5xx\) at each look for 5m \d+s"/,
      );
    } finally {
      await endpoint.close();
    }
  });

  it('answers SUCCEEDED after the SDK retried a throttled DescribeServiceDeployments', async () => {
    const state: EndpointState = {
      ...onTestListener(),
      faults: [{ operation: 'ecs:DescribeServiceDeployments', error: 'ThrottlingException', times: 1 }],
    };
    const run = await invokeBundle(FN, ecsEvent('ecs-post-test-traffic-shift'), { state });

    expect(answerOf(run).hookStatus).toBe('SUCCEEDED');
    expect(callOutcomes(run).slice(0, 2)).toEqual([
      'DescribeServiceDeployments ThrottlingException',
      'DescribeServiceDeployments ok',
    ]);
  });

  it('answers FAILED naming the IAM action, without an invocation error, when ListServiceDeployments is denied', async () => {
    const state: EndpointState = {
      faults: [{ operation: 'ecs:ListServiceDeployments', error: 'AccessDeniedException', status: 400 }],
    };
    const run = await invokeBundle(FN, ecsEvent('ecs-post-scale-up-flat-payload'), { state });

    expect(run.error).toBeUndefined();
    expect(answerOf(run).hookDetails.pipewright.reason).toMatch(
      /^ConfigurationError: AWS denied ecs:ListServiceDeployments \(AccessDeniedException: /,
    );
  });

  it('answers FAILED, naming the field, without a call, for a malformed ECS event', async () => {
    const run = await invokeBundle(FN, ecsEvent('ecs-malformed-service-arn'));

    expect(run.error).toBeUndefined();
    expect(answerOf(run).hookStatus).toBe('FAILED');
    expect(answerOf(run).hookDetails.pipewright.reason).toContain('executionDetails.serviceArn');
    expect(run.calls).toEqual([]);
  });
});
