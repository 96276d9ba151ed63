import { isEcsHookEvent, parseEcsHookEvent } from '../../../../functions/deploy-hook/ecs/event';
import { ConfigurationError } from '../../../../functions/lib/errors';
import { readEvent } from '../../../support/samples';

const sample = (name: string) => readEvent<Record<string, unknown>>(`deploy-hook/${name}.json`);
const ARN = 'arn:aws:ecs:eu-west-1:123456789012';

describe('isEcsHookEvent', () => {
  it.each([
    ['the documented envelope', sample('ecs-post-test-traffic-shift')],
    ['the earlier flat payload', sample('ecs-post-scale-up-flat-payload')],
    [
      'an envelope with wrong values (parsing says what is wrong)',
      { lifecycleStage: 42, executionDetails: 'x' },
    ],
  ])('is true for %s', (_, event) => {
    expect(isEcsHookEvent(event)).toBe(true);
  });

  it.each([
    ['a CodeDeploy hook event', sample('lambda-success')],
    ['ECS keys beside a CodeDeploy id', { ...sample('ecs-post-test-traffic-shift'), DeploymentId: 'd-1' }],
    ['an object without ECS keys', { executionId: 'e-1', hookDetails: {} }],
    ['an array', [{ serviceArn: 'x' }]],
    ['null', null],
    ['text', 'serviceArn'],
    ['an inherited key only', Object.create({ serviceArn: 'x' }) as object],
  ])('is false for %s', (_, event) => {
    expect(isEcsHookEvent(event)).toBe(false);
  });
});

describe('parseEcsHookEvent', () => {
  it('reads the documented envelope: stage, service deployment, execution, weights and hookDetails', () => {
    const hook = parseEcsHookEvent(sample('ecs-post-test-traffic-shift-resume'));
    expect(hook).toEqual({
      serviceArn: `${ARN}:service/shop-prod/checkout`,
      cluster: 'shop-prod',
      service: 'checkout',
      targetRevisionArn: `${ARN}:service-revision/shop-prod/checkout/9313423515462893900`,
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      serviceDeploymentArn: `${ARN}:service-deployment/shop-prod/checkout/EZe5RNVLH6PPzHXINuP28`,
      executionId: '3a0345ba-b029-404b-890d-7da2a4b266aa',
      testWeights: {},
      productionWeights: {},
      hookDetails: { pipewright: expect.objectContaining({ name: 'http', attempts: 2 }) },
    });
  });

  it('reads the earlier flat payload, which names neither the stage nor the service deployment', () => {
    const hook = parseEcsHookEvent(sample('ecs-post-scale-up-flat-payload'));
    expect(hook).toMatchObject({ cluster: 'shop-prod', service: 'cart', hookDetails: {} });
    expect(hook.stage).toBeUndefined();
    expect(hook.serviceDeploymentArn).toBeUndefined();
  });

  it('takes missing traffic weights as none, and keeps a resourceArn that is no service deployment out', () => {
    const { executionDetails, ...rest } = sample('ecs-post-test-traffic-shift') as {
      executionDetails: Record<string, unknown>;
    };
    const { testTrafficWeights: _t, productionTrafficWeights: _p, ...details } = executionDetails;
    const hook = parseEcsHookEvent({
      ...rest,
      resourceArn: `${ARN}:service/shop-prod/checkout`,
      executionDetails: details,
    });
    expect(hook).toMatchObject({ testWeights: {}, productionWeights: {} });
    expect(hook.serviceDeploymentArn).toBeUndefined();
  });

  it.each([
    [
      'a revision of another service',
      { targetServiceRevisionArn: `${ARN}:service-revision/shop-prod/cart/1` },
      'ECS hook event.executionDetails.targetServiceRevisionArn: names service shop-prod/cart, but serviceArn names shop-prod/checkout',
    ],
    [
      'a service ARN of the old format (no cluster)',
      { serviceArn: `${ARN}:service/checkout` },
      'ECS hook event.executionDetails.serviceArn: expected an ECS service ARN',
    ],
    [
      'a revision ARN without its id',
      { targetServiceRevisionArn: `${ARN}:service-revision/shop-prod/checkout` },
      'expected an ECS service-revision ARN',
    ],
    [
      'a weight that is not a number',
      { testTrafficWeights: { x: '100' } },
      'executionDetails.testTrafficWeights.x',
    ],
  ])('refuses %s, naming the field', (_, change, problem) => {
    const event = sample('ecs-post-test-traffic-shift') as { executionDetails: object };
    const changed = { ...event, executionDetails: { ...event.executionDetails, ...change } };
    expect(() => parseEcsHookEvent(changed)).toThrow(ConfigurationError);
    expect(() => parseEcsHookEvent(changed)).toThrow(problem);
  });

  it('refuses a service deployment of another service', () => {
    const event = {
      ...sample('ecs-post-test-traffic-shift'),
      resourceArn: `${ARN}:service-deployment/shop-prod/cart/x`,
    };
    expect(() => parseEcsHookEvent(event)).toThrow(
      'ECS hook event.resourceArn: names service shop-prod/cart',
    );
  });

  it('refuses an event over 256 KiB before parsing it', () => {
    const event = { ...sample('ecs-post-test-traffic-shift'), hookDetails: { pad: 'x'.repeat(300_000) } };
    expect(() => parseEcsHookEvent(event)).toThrow(/^The ECS hook event is 300\d{3} bytes of JSON/);
  });
});
