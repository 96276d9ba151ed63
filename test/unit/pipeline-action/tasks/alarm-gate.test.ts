import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../../functions/pipeline-action';
import { fakeContext, loadEvent, mockCodePipeline, withParameters } from '../support';

const alarms = [
  {
    AlarmName: 'checkout-api-5xx',
    StateValue: 'OK' as const,
    StateReason: 'Threshold Crossed: 1 datapoint [0.0] was not greater than 5.0',
  },
  { AlarmName: 'checkout-api-latency-p99', StateValue: 'INSUFFICIENT_DATA' as const, StateReason: 'no data' },
  {
    AlarmName: 'checkout-db-cpu',
    StateValue: 'ALARM' as const,
    StateReason:
      'Threshold Crossed: 3 out of the last 3 datapoints [97.2, 95.8, 96.4] were greater than the threshold (90.0)',
  },
];

describe('alarm-gate task', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
    cloudwatch = mockClient(CloudWatchClient);
  });

  it('reports success naming how many alarms were checked when none is in ALARM', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: alarms.slice(0, 2) });
    await handler(loadEvent('alarm-gate'), fakeContext());
    expect(codepipeline.success()[0]?.executionDetails?.summary).toBe(
      '2 alarms checked, none in ALARM (1 with insufficient data: checkout-api-latency-p99)',
    );
  });

  it('says "1 alarm checked" when the gate watches one alarm', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: alarms.slice(0, 1) });
    await handler(withParameters(loadEvent('alarm-gate'), { alarms: ['checkout-api-5xx'] }), fakeContext());
    expect(codepipeline.success()[0]?.executionDetails?.summary).toBe('1 alarm checked, none in ALARM');
  });

  it('reports failure listing each alarm in ALARM with its reason', async () => {
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNamePrefix: 'checkout-' }).resolves({ MetricAlarms: alarms });
    await handler(loadEvent('alarm-gate-firing'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'JobFailed',
      message:
        'Task alarm-gate: 1 of 3 alarms in ALARM: checkout-db-cpu: Threshold Crossed: 3 out of the last 3 datapoints [97.2, 95.8, 96.4] were greater than the threshold (90.0)',
    });
  });

  it('reports a ConfigurationError naming alarms that do not exist', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: alarms.slice(0, 1) });
    await handler(loadEvent('alarm-gate-missing-alarm'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message: 'Task alarm-gate: No CloudWatch alarm named "checkout-api-5xxx"',
    });
  });

  it('reports a ConfigurationError when no alarm starts with the prefix', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    await handler(loadEvent('alarm-gate-firing'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toBe(
      'Task alarm-gate: No CloudWatch alarm name starts with "checkout-"',
    );
  });
});
