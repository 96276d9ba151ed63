import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { describeAlarms } from '../../../functions/lib/aws/alarms';
import { ConfigurationError } from '../../../functions/lib/errors';
import { handler } from '../../../functions/pipeline-action';
import { fakeContext, loadEvent, mockCodePipeline } from '../pipeline-action/support';

const alarm = (name: string, state: 'OK' | 'ALARM' = 'OK'): MetricAlarm => ({
  AlarmName: name,
  StateValue: state,
  StateReason: 'fine',
});

/** Answers DescribeAlarms with `total` alarms in pages of `MaxRecords`, like CloudWatch; `endless`: NextToken never ends. */
function paged(cloudwatch: AwsClientStub<CloudWatchClient>, total: number, endless = false) {
  cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { NextToken?: string; MaxRecords?: number }) => {
    const from = Number(input.NextToken ?? 0);
    const size = input.MaxRecords ?? 50;
    const to = Math.min(from + size, total);
    const MetricAlarms = Array.from({ length: to - from }, (_, i) => alarm(`checkout-${from + i}`));
    const more = endless || to < total;
    return { MetricAlarms, ...(more ? { NextToken: String(endless ? from + 1 : to) } : {}) };
  });
}

describe('describeAlarms pagination', () => {
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    cloudwatch = mockClient(CloudWatchClient);
  });

  it('asks for 100 alarms per page and reads every page up to 2,000 alarms', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2_000 }), async (total) => {
        cloudwatch.reset();
        paged(cloudwatch, total);
        const report = await describeAlarms({ prefix: 'checkout-' });
        expect(report.found).toHaveLength(total);
        expect(cloudwatch.commandCalls(DescribeAlarmsCommand).length).toBe(
          Math.max(1, Math.ceil(total / 100)),
        );
      }),
      { numRuns: 50 },
    );
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { MaxRecords: 100 });
  });

  it('stops after 20 pages with a ConfigurationError asking for a longer prefix', async () => {
    paged(cloudwatch, 5_000);
    const error = await describeAlarms({ prefix: 'checkout-' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'Alarms named checkout-* fill more than 20 pages of DescribeAlarms (2000 alarms), the most one check reads: use a longer prefix or list the alarms by name',
    );
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(20);
  });

  it('stops an endless NextToken after 20 pages for names too', async () => {
    paged(cloudwatch, 1, true);
    await expect(describeAlarms({ names: ['checkout-0'] })).rejects.toThrow(
      'DescribeAlarms kept answering with more pages after 20 pages of DescribeAlarms (2000 alarms), the most one check reads',
    );
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(20);
  });

  it('fails the alarm-gate job with that ConfigurationError instead of paging on', async () => {
    const codepipeline = mockCodePipeline();
    paged(cloudwatch, 0, true);
    await handler(loadEvent('alarm-gate-firing'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message: expect.stringMatching(/^Task alarm-gate: Alarms named .*\* fill more than 20 pages/),
    });
  });
});
