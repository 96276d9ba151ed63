import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { alarmsCheck } from '../../../../functions/deploy-hook/checks/alarms';
import { firstRun } from '../../../../functions/deploy-hook/checks/check';
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

  describe('watching with okForSeconds', () => {
    const watch = options({ names: ['orders-api-errors'], okForSeconds: 300, intervalSeconds: 60 });
    const startedAgo = (ms: number) => ({ ...firstRun(), attempt: 2, startedAt: Date.now() - ms });

    it('asks to look again after intervalSeconds while the alarms have not yet stayed out of ALARM that long', async () => {
      const outcome = await alarmsCheck.run(watch, target, startedAgo(120_000));
      expect(outcome).toMatchObject({
        passed: false,
        detail:
          '1 alarm checked, none in ALARM (orders-api-errors) so far; 2m 0s of the 300 s they must stay out of ALARM watched',
        retry: { afterMs: 60_000 },
      });
    });

    it('asks for no more than what is left of the window', async () => {
      const outcome = await alarmsCheck.run(watch, target, startedAgo(280_000));
      expect(outcome.retry?.afterMs).toBeGreaterThan(19_000);
      expect(outcome.retry?.afterMs).toBeLessThanOrEqual(20_000);
    });

    it('passes at the first look after the window, the alarms out of ALARM at every look', async () => {
      const outcome = await alarmsCheck.run(watch, target, startedAgo(301_000));
      expect(outcome).toMatchObject({
        passed: true,
        detail: '1 alarm checked, none in ALARM (orders-api-errors) at each look for 5m 1s',
      });
      expect(outcome.retry).toBeUndefined();
    });

    it('fails for good at the first look that finds an alarm in ALARM', async () => {
      mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
        MetricAlarms: [
          { AlarmName: 'orders-api-errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed' },
        ],
      });
      const outcome = await alarmsCheck.run(watch, target, startedAgo(120_000));
      expect(outcome).toMatchObject({ passed: false });
      expect(outcome.retry).toBeUndefined();
    });

    it('refuses intervalSeconds without okForSeconds', () => {
      const parsed = alarmsCheck.options.safeParse({ names: ['a'], intervalSeconds: 30 });
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
        '"intervalSeconds" goes with "okForSeconds" (the time the alarms must stay out of ALARM)',
      ]);
    });
  });
});
