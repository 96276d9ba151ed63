import { deliveryDashboardBody } from '../../cdk/description/dashboard';
import { functionDescriptions } from '../../cdk/description';
import { DELIVERY_METRICS } from '../../functions/notifier/delivery';
import { deploy } from './deployed';

interface Widget {
  type: string;
  properties: { title?: string; metrics?: unknown[][] };
}

const stack = deploy({ stackName: 'pipewright-prod' });
const resources = stack.template.Resources;
const body = () =>
  JSON.parse(String(stack.resolve(resources.DeliveryDashboard!.Properties!.DashboardBody))) as {
    widgets: Widget[];
  };
/** Every metric entry of every widget, with its widget's title. */
const entries = () =>
  body().widgets.flatMap((w) =>
    (w.properties.metrics ?? []).map((entry) => ({ title: w.properties.title ?? '', entry })),
  );
const expressions = () =>
  entries().flatMap(({ title, entry }) =>
    entry.flatMap((part) => {
      const expression = (part as { expression?: string } | null)?.expression;
      return expression ? [{ title, expression, id: (part as { id: string }).id }] : [];
    }),
  );
/** `{Namespace,Dim,...} MetricName="X"` of a SEARCH expression. */
const searchOf = (expression: string) =>
  /^SEARCH\('\{([^}]+)\} MetricName="(\w+)"', '(\w+)', (\d+)\)$/.exec(expression)?.slice(1);

describe('the delivery dashboard (DeliveryDashboard)', () => {
  it('is the description’s rendering (cdk/description/dashboard.ts) for this stack, so the CDK notifier shows the same', () => {
    const queueName = (id: string) => String(stack.resolve({ 'Fn::GetAtt': [id, 'QueueName'] }));
    const described = deliveryDashboardBody({
      region: String(stack.resolve({ Ref: 'AWS::Region' })),
      functions: functionDescriptions.map((d) => ({
        service: d.service,
        name: String(stack.resolve({ Ref: d.logicalId })),
      })),
      failureQueues: functionDescriptions.map((d) => ({
        service: d.service,
        name: queueName(d.logicalId.replace(/Function$/, 'FailureQueue')),
      })),
      eventsDeadLetterQueue: queueName('NotifierEventsDeadLetterQueue'),
    });
    expect(body()).toEqual(described);
    expect(resources.DeliveryDashboard!.Properties!.DashboardName).toEqual({
      'Fn::Sub': '${AWS::StackName}-delivery',
    });
  });

  it('is JSON once CloudFormation substitutes it, with dynamic labels left to CloudWatch', () => {
    expect(body().widgets.length).toBeGreaterThan(5);
    expect(JSON.stringify(body())).toContain("${PROP('Dim.Pipeline')}");
  });

  it('finds every delivery metric but none other with SEARCH on exactly the dimensions the notifier emits', () => {
    const namespace = (stack.template.Globals?.Function?.Environment as { Variables: Record<string, string> })
      .Variables.POWERTOOLS_METRICS_NAMESPACE;
    const searched = expressions()
      .map((e) => searchOf(e.expression))
      .filter((search): search is string[] => search !== undefined && search[1] !== 'ConfigWarning');
    for (const [schema] of searched) expect(schema).toBe(`${namespace},Account,Pipeline,service`);
    expect(new Set(searched.map((s) => s[1]))).toEqual(new Set(DELIVERY_METRICS));
  });

  it('shows the change failure rate as 100 × the average of the 0/1 ChangeFailure metric (metric math over SEARCH)', () => {
    const byId = new Map(expressions().map((e) => [e.id, e.expression]));
    expect(searchOf(byId.get('changeFailure')!)?.slice(1, 3)).toEqual(['ChangeFailure', 'Average']);
    expect(byId.get('changeFailureRate')).toBe('100 * changeFailure');
  });

  it("shows the toolkit's health: every function's errors, every queue's depth, unreportable results, rejected events, configuration warnings", () => {
    const text = JSON.stringify(body());
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type === 'AWS::Serverless::Function')
        expect(text).toContain(`"${String(stack.resolve({ Ref: id }))}"`);
      if (resource.Type === 'AWS::SQS::Queue')
        expect(text).toContain(`"${String(stack.resolve({ 'Fn::GetAtt': [id, 'QueueName'] }))}"`);
    }
    for (const metric of ['ResultUnreportable', 'EventRejected', 'ConfigWarning'])
      expect(text).toContain(metric);
  });
});
