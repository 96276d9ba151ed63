import type { CfnTemplate } from '../../local/template/cfn-yaml';

type Resources = CfnTemplate['Resources'];
type Props = Record<string, unknown>;

const refOf = (value: unknown) => (value as { Ref?: string } | undefined)?.Ref;
const getAttOf = (value: unknown) => (value as { 'Fn::GetAtt'?: [string] } | undefined)?.['Fn::GetAtt']?.[0];
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** A function as deployed, whichever tool wrote its template: what the SAM parity test compares. */
export interface FunctionView {
  config: Props;
  environment: unknown;
  /** Statements of every policy of its role (inline, attached, or a managed policy of the template). */
  statements: Props[];
  /** AWS managed policies of its role. */
  managedPolicies: unknown[];
  asyncInvoke: Props;
  /** Its failure queue's encryption key and retention. */
  failureQueue: Props;
  logRetentionInDays: unknown;
}

/**
 * Reads a Lambda function, its role's policies, its asynchronous invocation settings, failure queue and
 * log group out of a CloudFormation template (SAM-translated or CDK-synthesized), intrinsics unresolved.
 *
 * @example
 * ```ts
 * functionView(translated.Resources, 'NotifierFunction').config.Timeout; // 60
 * ```
 */
export function functionView(resources: Resources, id: string): FunctionView {
  const props = resources[id]!.Properties!;
  const roleId = getAttOf(props.Role)!;
  const role = resources[roleId]!.Properties!;
  const attached = Object.values(resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && list(r.Properties?.Roles).some((x) => refOf(x) === roleId),
  );
  const managed = list(role.ManagedPolicyArns);
  const documents = [
    ...list(role.Policies).map((p) => (p as Props).PolicyDocument),
    ...attached.map((p) => p.Properties!.PolicyDocument),
    ...managed.flatMap((arn) => (refOf(arn) ? [resources[refOf(arn)!]!.Properties!.PolicyDocument] : [])),
  ];
  const invoke = Object.values(resources).find(
    (r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && refOf(r.Properties?.FunctionName) === id,
  )!.Properties!;
  const destination = (invoke.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
    .Destination;
  const queue = resources[getAttOf(destination)!]!.Properties!;
  const logGroup = resources[refOf((props.LoggingConfig as Props).LogGroup)!]!.Properties!;
  const { Runtime, Architectures, MemorySize, Timeout, TracingConfig, Handler, Description } = props;
  return {
    config: {
      Runtime,
      Architectures,
      MemorySize,
      Timeout,
      TracingConfig,
      Handler,
      Description,
      LogFormat: (props.LoggingConfig as Props).LogFormat,
    },
    environment: (props.Environment as Props).Variables,
    statements: documents.flatMap((d) => list((d as Props).Statement) as Props[]),
    managedPolicies: managed.filter((arn) => !refOf(arn)),
    asyncInvoke: {
      MaximumRetryAttempts: invoke.MaximumRetryAttempts,
      MaximumEventAgeInSeconds: invoke.MaximumEventAgeInSeconds,
      Destination: destination,
    },
    failureQueue: {
      KmsMasterKeyId: queue.KmsMasterKeyId,
      MessageRetentionPeriod: queue.MessageRetentionPeriod,
    },
    logRetentionInDays: logGroup.RetentionInDays,
  };
}
