import fc from 'fast-check';
import { ACCOUNT, REGION, deploy } from './deployed';
import { type PolicyRequest, type ResourceStatement, evaluate } from './policy-eval';

// Failure queues and the notifier's dead-letter queue hold raw events: a job's artifact credentials,
// CodeBuild PLAINTEXT environment values. Only the stack's writers may put them there, only the
// account's administrators may read them, only for a short time and only over TLS.
const stack = deploy();
const resources = stack.template.Resources;
const queueIds = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::SQS::Queue');
const refOf = (value: unknown) => (value as { Ref?: string } | undefined)?.Ref;
const getAttOf = (value: unknown) => (value as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0];
const arnOf = (id: string) => String(stack.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

function keyIdOf(queueId: string): string {
  const keyId = refOf(resources[queueId]!.Properties?.KmsMasterKeyId);
  if (!keyId || resources[keyId]?.Type !== 'AWS::KMS::Key')
    throw new Error(`${queueId} has no customer managed key`);
  return keyId;
}

/** Key policy statements other than the account-root one, which only delegates to IAM policies. */
function directGrants(keyId: string, deployment = stack): ResourceStatement[] {
  const policy = deployment.resolve(resources[keyId]!.Properties?.KeyPolicy) as {
    Statement: ResourceStatement[];
  };
  return policy.Statement.filter((s) => typeof s.Principal !== 'object' || s.Principal.AWS !== ROOT);
}

const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');
const failureDestinations = functions.flatMap(([id, fn]) => {
  const config = fn.Properties?.EventInvokeConfig as
    { DestinationConfig?: { OnFailure?: { Type: string; Destination: unknown } } } | undefined;
  const onFailure = config?.DestinationConfig?.OnFailure;
  return onFailure?.Type === 'SQS' ? [{ functionId: id, queueId: getAttOf(onFailure.Destination)! }] : [];
});
const deadLetterRules = [
  ...functions.flatMap(([id, fn]) =>
    Object.entries(
      (fn.Properties?.Events ?? {}) as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    )
      // The job worker's action-started rule has none: the sweep finds a job whose event was lost.
      .filter(([, event]) => event.Type === 'EventBridgeRule' && event.Properties.DeadLetterConfig)
      .map(([eventId, event]) => ({
        ruleId: `${id}${eventId}`,
        ruleName: event.Properties.RuleName,
        queueId: getAttOf((event.Properties.DeadLetterConfig as { Arn: unknown }).Arn)!,
      })),
  ),
  // Plain rules (the hub bus's): one entry per target with a dead-letter queue.
  ...Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Events::Rule')
    .flatMap(([id, rule]) =>
      ((rule.Properties?.Targets ?? []) as Array<{ DeadLetterConfig?: { Arn: unknown } }>)
        .filter((target) => target.DeadLetterConfig)
        .map((target) => ({
          ruleId: id,
          ruleName: rule.Properties?.Name,
          queueId: getAttOf(target.DeadLetterConfig!.Arn)!,
        })),
    ),
];

const kmsRequest = (
  principal: PolicyRequest['principal'],
  action: string,
  context: Record<string, string>,
) => ({
  principal,
  action,
  resource: '*',
  context,
});
const viaSqs = { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `sqs.${REGION}.amazonaws.com` };
const stackNames = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,48}$/);

describe('the failure queues and the notifier dead-letter queue', () => {
  it('are all there: a failure queue per function, a dead-letter queue for the rules, none unused', () => {
    expect(failureDestinations.map((d) => d.functionId)).toEqual(
      expect.arrayContaining([
        'PipelineActionFunction',
        'DeployHookFunction',
        'NotifierFunction',
        'JobWorkerFunction',
      ]),
    );
    expect(deadLetterRules.length).toBeGreaterThanOrEqual(5);
    const used = new Set([...failureDestinations, ...deadLetterRules].map((d) => d.queueId));
    expect([...used].sort()).toEqual([...queueIds].sort());
  });

  it.each(queueIds)('encrypts %s with a rotating customer managed key, not SSE-SQS', (queueId) => {
    const props = resources[queueId]!.Properties ?? {};
    expect(props.SqsManagedSseEnabled).not.toBe(true);
    expect(resources[keyIdOf(queueId)]!.Properties?.EnableKeyRotation).toBe(true);
  });

  it('keeps a message FailureRetentionDays days: 4 by default, 1 to 14 allowed', () => {
    const parameter = stack.template.Parameters!.FailureRetentionDays!;
    expect(parameter.Default).toBe(4);
    expect(parameter.AllowedValues).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    for (const days of [undefined, ...(parameter.AllowedValues as number[])]) {
      const deployment = deploy({
        parameters: days === undefined ? {} : { FailureRetentionDays: String(days) },
      });
      for (const queueId of queueIds) {
        const seconds = deployment.resolve(resources[queueId]!.Properties?.MessageRetentionPeriod);
        expect(`${queueId}: ${String(seconds)}`).toBe(`${queueId}: ${(days ?? 4) * 86_400}`);
      }
    }
  });

  it.each(queueIds)('lets the account administrators manage the key of %s (root kms:*)', (queueId) => {
    const policy = stack.resolve(resources[keyIdOf(queueId)]!.Properties?.KeyPolicy) as {
      Statement: ResourceStatement[];
    };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }),
    );
  });

  it.each(failureDestinations)(
    'lets the role of $functionId write its failure records, through SQS only',
    ({ functionId, queueId }) => {
      const grants = directGrants(keyIdOf(queueId));
      const role = { AWS: stack.roleArn(functionId) };
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        const context = { ...viaSqs, 'aws:PrincipalArn': role.AWS };
        expect(evaluate(grants, kmsRequest(role, action, context))).toBe('allow');
        const direct = { ...context, 'kms:ViaService': `ssm.${REGION}.amazonaws.com` };
        expect(evaluate(grants, kmsRequest(role, action, direct))).toBe('none');
      }
    },
  );

  it('admits no other role of the account to the failure queue key, for any stack name', () => {
    fc.assert(
      fc.property(
        stackNames,
        fc.stringMatching(/^\/([A-Za-z0-9_-]{1,12}\/){0,3}$/),
        fc.stringMatching(/^[A-Za-z0-9_+=,.@-]{1,20}$/),
        (stackName, path, name) => {
          fc.pre(!path.startsWith(`/pipewright/${stackName}/`));
          const deployment = deploy({ stackName });
          const role = `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
          for (const { queueId } of failureDestinations) {
            const request = kmsRequest({ AWS: role }, 'kms:Decrypt', { ...viaSqs, 'aws:PrincipalArn': role });
            expect(evaluate(directGrants(keyIdOf(queueId), deployment), request)).toBe('none');
            // while the stack's own roles are admitted under that stack name
            const own = deployment.roleArn(failureDestinations[0]!.functionId);
            const ownRequest = kmsRequest({ AWS: own }, 'kms:Decrypt', {
              ...viaSqs,
              'aws:PrincipalArn': own,
            });
            expect(evaluate(directGrants(keyIdOf(queueId), deployment), ownRequest)).toBe('allow');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lets EventBridge write to the dead-letter queue key only for the notifier rules of this stack', () => {
    fc.assert(
      fc.property(
        stackNames,
        fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
        fc.stringMatching(/^\d{12}$/),
        (stackName, otherRule, otherAccount) => {
          const deployment = deploy({ stackName });
          const ownNames = new Set(deadLetterRules.map((r) => String(deployment.resolve(r.ruleName))));
          for (const { ruleId, ruleName, queueId } of deadLetterRules) {
            const grants = directGrants(keyIdOf(queueId), deployment);
            const name = String(deployment.resolve(ruleName));
            expect(name).toMatch(/^[A-Za-z0-9._-]{1,64}$/); // a valid rule name within 64 characters
            const events = { Service: 'events.amazonaws.com' };
            const own = {
              'aws:SourceArn': String(deployment.resolve({ 'Fn::GetAtt': [ruleId, 'Arn'] })),
              'aws:SourceAccount': ACCOUNT,
            };
            expect(evaluate(grants, kmsRequest(events, 'kms:GenerateDataKey', own))).toBe('allow');
            if (!ownNames.has(otherRule)) {
              const foreign = {
                ...own,
                'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/${otherRule}`,
              };
              expect(evaluate(grants, kmsRequest(events, 'kms:GenerateDataKey', foreign))).toBe('none');
            }
            if (otherAccount !== ACCOUNT)
              expect(
                evaluate(
                  grants,
                  kmsRequest(events, 'kms:Decrypt', { ...own, 'aws:SourceAccount': otherAccount }),
                ),
              ).toBe('none');
            expect(evaluate(grants, kmsRequest(events, 'kms:Decrypt', {}))).toBe('none');
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each(queueIds)('refuses every request to %s that does not use TLS', (queueId) => {
    const policies = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::SQS::QueuePolicy' &&
        (r.Properties?.Queues as unknown[]).some((q) => refOf(q) === queueId),
    );
    const statements = policies.flatMap(
      (p) => (stack.resolve(p.Properties?.PolicyDocument) as { Statement: ResourceStatement[] }).Statement,
    );
    for (const action of ['sqs:ReceiveMessage', 'sqs:SendMessage', 'sqs:PurgeQueue']) {
      const request = (secure: string) => ({
        principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Administrator` },
        action,
        resource: arnOf(queueId),
        context: { 'aws:SecureTransport': secure },
      });
      expect(evaluate(statements, request('false'))).toBe('deny');
      expect(evaluate(statements, request('true'))).not.toBe('deny');
    }
  });

  // The metric is InvocationsFailedToBeSentToDlq (EventBridge user guide, "Monitoring Amazon EventBridge");
  // CloudWatch metric names are case-sensitive: "...DLQ" is a metric that never has data.
  it('alarms when EventBridge cannot write to the dead-letter queue, for every notifier rule', () => {
    const alarm = resources.NotifierDeadLetterDeliveryAlarm?.Properties as {
      AlarmActions: unknown;
      Metrics: Array<{
        MetricStat?: {
          Metric: {
            Namespace: string;
            MetricName: string;
            Dimensions: Array<{ Name: string; Value: unknown }>;
          };
        };
      }>;
    };
    expect(alarm.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
    const watched = alarm.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(
      watched.every((m) => m.Namespace === 'AWS/Events' && m.MetricName === 'InvocationsFailedToBeSentToDlq'),
    ).toBe(true);
    const ruleNames = watched.map((m) => m.Dimensions.find((d) => d.Name === 'RuleName')?.Value);
    expect(ruleNames.map((name) => stack.resolve(name)).sort()).toEqual(
      deadLetterRules.map((r) => stack.resolve(r.ruleName)).sort(),
    );
  });
});
