import { invokeBundle, readEvent } from './harness';

/** The delivery metrics of a run's EMF lines, as `Name=value Pipeline/Account`. */
function deliveryMetrics(logs: string[]): string[] {
  return logs.flatMap((line) => {
    if (!line.startsWith('{') || !line.includes('"_aws"')) return [];
    const emf = JSON.parse(line) as Record<string, unknown> & {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
    };
    const [directive] = emf._aws.CloudWatchMetrics;
    if (!directive?.Dimensions[0]?.includes('Pipeline')) return [];
    expect(directive.Namespace).toBe('Pipewright');
    expect([...directive.Dimensions[0]].sort()).toEqual(['Account', 'Pipeline', 'service']);
    return directive.Metrics.map(
      (m) => `${m.Name}=${String(emf[m.Name])} ${String(emf.Pipeline)}/${String(emf.Account)}`,
    );
  });
}

describe('NotifierFunction bundle: delivery metrics as EMF (loopback endpoint)', () => {
  it('emits the four keys of a recovery, one EMF line each, with the dimensions Pipeline, Account and service', async () => {
    const run = await invokeBundle('NotifierFunction', readEvent('notifier/pipeline-recovered.json'));

    expect(deliveryMetrics(run.logs)).toEqual([
      'Deployment=1 pipewright-prod/123456789012',
      'ChangeFailure=0 pipewright-prod/123456789012',
      'LeadTimeForChanges=483 pipewright-prod/123456789012',
      'TimeToRestore=8731 pipewright-prod/123456789012',
    ]);
  });

  it("counts another account's failed execution under that account", async () => {
    const run = await invokeBundle(
      'NotifierFunction',
      readEvent('notifier/pipeline-failed-other-account.json'),
    );

    expect(deliveryMetrics(run.logs)).toEqual([
      'FailedDeployment=1 orders-prod/210987654321',
      'ChangeFailure=1 orders-prod/210987654321',
    ]);
  });
});
