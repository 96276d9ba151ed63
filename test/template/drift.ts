import type { FunctionDescription } from '../../cdk/description/function-description';
import type { DescriptionScope } from '../../cdk/description/scope';
import { sharedFunctionProps } from '../../cdk/description/shared';
import type { Deployment } from './deployed';
import type { CfnResource } from './project';
import { canonical, statementShape } from './statement-shape';

/** Parameter sets the template is resolved with: defaults, every optional permission on, a hub of accounts. */
export const DEPLOYMENTS: Record<string, Record<string, string>> = {
  'every parameter at its default': {},
  'every option set': {
    ConfigPath: '/team/app/prod/',
    LogLevel: 'DEBUG',
    ExportableParameterPath: '/app/prod*',
    AutomationAssumeRoleArn: 'arn:aws:iam::123456789012:role/automation',
    HookTargetFunctions: 'orders-*',
    ConfigKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    PipelineNames: 'orders-prod,billing-prod',
    OrganizationId: 'o-a1b2c3d4e5',
    ReaderRoleName: 'team-reader',
    ReaderExternalId: 'ext-42',
  },
  'a hub of listed accounts, a 5-level ConfigPath': {
    ConfigPath: '/a/b/c/d/e/',
    SpokeAccountIds: '222222222222,333333333333',
  },
};

/** One line per key whose values differ, saying what to change where. */
export function differences(
  what: string,
  inTemplate: Record<string, unknown>,
  inDescription: Record<string, unknown>,
  file: string,
) {
  const keys = [...new Set([...Object.keys(inTemplate), ...Object.keys(inDescription)])];
  return keys
    .filter((key) => canonical(inTemplate[key]) !== canonical(inDescription[key]))
    .map(
      (key) =>
        `${what} ${key}: template.yaml has ${canonical(inTemplate[key]) ?? '(none)'}, ${file} has ${canonical(inDescription[key]) ?? '(none)'}: make them agree (edit ${file} or template.yaml)`,
    );
}

/** Event patterns as one canonical pattern per detail type (a hub rule may list several in one). */
export function eachDetailType(patterns: Record<string, unknown>[]): string[] {
  return patterns.flatMap((p) =>
    (p['detail-type'] as string[]).map((type) => canonical({ ...p, 'detail-type': [type] })),
  );
}

/** Statements by Sid, in the shape the comparison sees. */
export function bySid(statements: Record<string, unknown>[]): Record<string, string> {
  return Object.fromEntries(
    statements.map((s, i) => [String(s.Sid ?? `(statement ${i + 1} without a Sid)`), statementShape(s)]),
  );
}

/** A template function's `Events`, resolved; a dead-letter queue only as whether there is one. */
export function templateEvents(stack: Deployment, fn: CfnResource): Record<string, unknown> {
  const events = (fn.Properties?.Events ?? {}) as Record<string, { Type: string; Properties?: object }>;
  return Object.fromEntries(
    Object.entries(events).map(([id, event]) => {
      const props = stack.resolve({ Type: event.Type, ...event.Properties }) as Record<string, unknown>;
      return [id, { ...props, DeadLetterConfig: props.DeadLetterConfig !== undefined }];
    }),
  );
}

/** A description's rules and schedules in the form of {@link templateEvents}. */
export function describedEvents(d: FunctionDescription, stackName: string, scope: DescriptionScope) {
  const rules = (d.rules ?? []).map((rule) => {
    const target = rule.target ?? { ...sharedFunctionProps.ruleTarget, deadLetterQueue: true };
    const { retryAttempts, maxEventAgeSeconds, deadLetterQueue } = target;
    return [
      rule.id,
      {
        Type: 'EventBridgeRule',
        RuleName: `${stackName}-${rule.nameSuffix}`,
        Pattern: rule.pattern(scope),
        RetryPolicy: { MaximumRetryAttempts: retryAttempts, MaximumEventAgeInSeconds: maxEventAgeSeconds },
        DeadLetterConfig: deadLetterQueue,
      },
    ];
  });
  const schedules = (d.schedules ?? []).map((schedule) => [
    schedule.id,
    {
      Type: 'Schedule',
      Name: `${stackName}-${schedule.nameSuffix}`,
      Description: schedule.description,
      Schedule: schedule.expression,
      DeadLetterConfig: false,
    },
  ]);
  return Object.fromEntries([...rules, ...schedules]);
}
