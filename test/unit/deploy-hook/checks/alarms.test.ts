import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { alarmsCheck } from '../../../../functions/deploy-hook/checks/alarms';
import type { DeploymentTarget } from '../../../../functions/deploy-hook/deployment';
import { answerFromState, mocks } from '../fixtures';

const target = {} as DeploymentTarget; // the alarms check does not look at the deployment
const options = (raw: unknown) => alarmsCheck.options.parse(raw);

describe('alarms check', () => {
  beforeEach(() => answerFromState());

  it('passes when no named alarm is in ALARM', async () => {
    const outcome = await alarmsCheck.run(
      options({ names: ['orders-api-errors', 'orders-api-latency-p99'] }),
      target,
    );
    expect(outcome).toMatchObject({
      passed: true,
      detail: '2 alarms checked, none in ALARM (orders-api-errors, orders-api-latency-p99)',
    });
  });

  it('fails naming the firing alarm and its reason', async () => {
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'orders-api-errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 3 > 1' },
      ],
    });
    const outcome = await alarmsCheck.run(options({ names: ['orders-api-errors'] }), target);
    expect(outcome).toMatchObject({
      passed: false,
      detail:
        'expected no alarm in ALARM among orders-api-errors, got: orders-api-errors is in ALARM (Threshold Crossed: 3 > 1)',
    });
  });

  it('fails naming an alarm that does not exist', async () => {
    const outcome = await alarmsCheck.run(
      options({ names: ['orders-api-errors', 'orders-api-erorrs'] }),
      target,
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.detail).toContain('orders-api-erorrs does not exist');
  });

  it('looks alarms up by prefix', async () => {
    mocks.cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'orders-web-5xx', StateValue: 'OK' }] });
    const outcome = await alarmsCheck.run(options({ prefix: 'orders-web-' }), target);
    expect(outcome.passed).toBe(true);
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNamePrefix: 'orders-web-',
    });
  });

  it('requires names or a prefix', () => {
    expect(() => options({})).toThrow();
  });
});
