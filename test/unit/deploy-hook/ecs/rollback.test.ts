import { parseEcsHookEvent } from '../../../../functions/deploy-hook/ecs/event';
import { rollbackReason } from '../../../../functions/deploy-hook/ecs/rollback';
import { readEvent } from '../../../support/samples';

const hookOf = (name: string) => parseEcsHookEvent(readEvent(`deploy-hook/${name}.json`));
const GREEN = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/shop-prod/checkout/9313423515462893900';
const BLUE = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/shop-prod/checkout/1920498462936580504';
const deployment = (status: string) => ({ arn: 'arn:…', status, rollbackReason: 'alarm checkout-5xx' });

describe('rollbackReason', () => {
  it('sees a rollback in the weights of PRODUCTION_TRAFFIC_SHIFT: the target at 0%, another revision at 100%', () => {
    expect(rollbackReason(hookOf('ecs-production-traffic-shift-rollback'), 'PRODUCTION_TRAFFIC_SHIFT')).toBe(
      `production traffic shifts back: ${BLUE} 100%, the target revision 0%`,
    );
  });

  it('sees one in the test weights of TEST_TRAFFIC_SHIFT', () => {
    const hook = { ...hookOf('ecs-test-traffic-shift'), testWeights: { [GREEN]: 0, [BLUE]: 100 } };
    expect(rollbackReason(hook, 'TEST_TRAFFIC_SHIFT')).toMatch(/^test traffic shifts back: /);
  });

  it.each([
    ['a forward test traffic shift', 'ecs-test-traffic-shift', 'TEST_TRAFFIC_SHIFT', {}],
    [
      'PRE_PRODUCTION_TRAFFIC_SHIFT, whose weights are 0/100 going forward',
      'ecs-production-traffic-shift-rollback',
      'PRE_PRODUCTION_TRAFFIC_SHIFT',
      {},
    ],
    [
      'a linear step half way',
      'ecs-production-traffic-shift-rollback',
      'PRODUCTION_TRAFFIC_SHIFT',
      { productionWeights: { [GREEN]: 50, [BLUE]: 50 } },
    ],
    ['an unknown stage', 'ecs-production-traffic-shift-rollback', undefined, {}],
  ])('sees none in %s', (_, name, stage, change) => {
    expect(rollbackReason({ ...hookOf(name), ...change }, stage)).toBeUndefined();
  });

  it.each(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])(
    'sees one when the service deployment is %s',
    (status) => {
      expect(
        rollbackReason(hookOf('ecs-post-test-traffic-shift'), 'POST_TEST_TRAFFIC_SHIFT', deployment(status)),
      ).toBe(`the service deployment is ${status} (alarm checkout-5xx)`);
    },
  );

  it('sees none for a deployment going forward', () => {
    expect(
      rollbackReason(
        hookOf('ecs-post-test-traffic-shift'),
        'POST_TEST_TRAFFIC_SHIFT',
        deployment('IN_PROGRESS'),
      ),
    ).toBeUndefined();
  });
});
