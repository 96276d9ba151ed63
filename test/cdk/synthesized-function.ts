import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { SynthesizedPipewright } from './synth';

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** A synthesized Lambda function as the tests compare it: properties, environment, role statements, resolved. */
export interface SynthesizedFunction {
  properties: Record<string, unknown>;
  environment: Record<string, unknown>;
  /** Every statement of the policies attached to its role. */
  statements: Record<string, unknown>[];
  /** Its asynchronous invocation settings (`AWS::Lambda::EventInvokeConfig`). */
  asyncInvoke: Record<string, unknown>;
}

/**
 * Reads a construct's function from the synthesized template, intrinsics resolved.
 *
 * @example
 * ```ts
 * synthesizedFunction(synth, synth.hook.function).properties.Timeout; // 300
 * ```
 */
export function synthesizedFunction(synth: SynthesizedPipewright, fn: lambda.Function): SynthesizedFunction {
  const resources = synth.template.Resources as Record<string, Resource>;
  const id = synth.logicalId(fn);
  const props = resources[id]!.Properties!;
  const roleId = (props.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const policies = Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      (r.Properties?.Roles as unknown[]).some((role) => (role as { Ref?: string }).Ref === roleId),
  );
  const statements = policies.flatMap(
    (p) => (p.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
  );
  const invoke = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::EventInvokeConfig' &&
      (r.Properties?.FunctionName as { Ref?: string }).Ref === id,
  );
  const { Environment, ...properties } = props;
  return {
    properties: synth.resolve(properties) as Record<string, unknown>,
    environment: synth.resolve((Environment as { Variables: object }).Variables) as Record<string, unknown>,
    statements: synth.resolve(statements) as Record<string, unknown>[],
    asyncInvoke: synth.resolve(invoke?.Properties) as Record<string, unknown>,
  };
}
