import { LOCAL_ACCOUNT_ID, type ResolveContext, resolve } from '../../local/template/intrinsics';
import type { CfnTemplate as LocalTemplate } from '../../local/template/cfn-yaml';
import { type CfnTemplate, loadTemplate } from './project';

/** The account and region the template tests deploy to (on paper). */
export const ACCOUNT = LOCAL_ACCOUNT_ID;
export const REGION = 'eu-west-1';

/** The template as CloudFormation would resolve it for one stack name and parameter set. */
export interface Deployment {
  template: CfnTemplate;
  stackName: string;
  /** Resolves intrinsics; `GetAtt X.Arn` of roles, rules and alarms gives the ARN AWS would give. */
  resolve(value: unknown): unknown;
  /** The ARN of a SAM-generated function role (`<FunctionId>Role`), with its RolePath. */
  roleArn(functionId: string): string;
}

function functionsOf(template: CfnTemplate) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');
}

/** ARNs the local resolver cannot know: SAM-generated roles and rules, and alarms (named by CloudFormation). */
function realisticArns(template: CfnTemplate, ctx: ResolveContext): Map<string, string> {
  const arns = new Map<string, string>();
  const globals = (template.Globals?.Function ?? {}) as Record<string, unknown>;
  for (const [id, fn] of functionsOf(template)) {
    const path = String(resolve(ctx, fn.Properties?.RolePath ?? globals.RolePath ?? '/'));
    arns.set(`${id}Role`, `arn:aws:iam::${ACCOUNT}:role${path}${ctx.stackName}-${id}Role-AbC123`);
    const events = (fn.Properties?.Events ?? {}) as Record<
      string,
      { Type: string; Properties?: { RuleName?: unknown } }
    >;
    for (const [eventId, event] of Object.entries(events)) {
      if (event.Type !== 'EventBridgeRule') continue;
      const name = event.Properties?.RuleName ?? `${ctx.stackName}-${id}${eventId}-AbC123`;
      arns.set(`${id}${eventId}`, `arn:aws:events:${REGION}:${ACCOUNT}:rule/${String(resolve(ctx, name))}`);
    }
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::CloudWatch::Alarm')
      arns.set(id, `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${ctx.stackName}-${id}-AbC123`);
    if (resource.Type === 'AWS::Events::Rule')
      arns.set(id, ruleArn(template, ctx, resource.Properties ?? {}));
  }
  return arns;
}

/** A plain rule's ARN: `rule/<name>` on the default bus, `rule/<bus name>/<name>` on a bus of the template. */
function ruleArn(template: CfnTemplate, ctx: ResolveContext, props: Record<string, unknown>): string {
  const busId = (props.EventBusName as { Ref?: string } | undefined)?.Ref;
  const bus =
    busId && template.Resources[busId] ? template.Resources[busId].Properties?.Name : props.EventBusName;
  const name = String(resolve(ctx, props.Name));
  return `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus ? `${String(resolve(ctx, bus))}/` : ''}${name}`;
}

function substitute(value: unknown, arns: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, arns));
  if (typeof value !== 'object' || value === null) return value;
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt && getAtt[1] === 'Arn' && arns.has(getAtt[0])) return arns.get(getAtt[0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, arns)]));
}

let parsed: CfnTemplate | undefined;

/**
 * The template resolved for one deployment (default: stack `pipewright-dev`, every parameter at its default).
 *
 * @example
 * ```ts
 * const stack = deploy({ parameters: { ConfigPath: '/team/prod/' } });
 * stack.resolve({ 'Fn::Sub': '${ConfigPath}x' }); // '/team/prod/x'
 * ```
 */
export function deploy(
  options: { stackName?: string; parameters?: Record<string, string> } = {},
): Deployment {
  const template = (parsed ??= loadTemplate()); // read once: resolving never modifies it
  const ctx: ResolveContext = {
    template: template as unknown as LocalTemplate,
    parameters: options.parameters ?? {},
    region: REGION,
    stackName: options.stackName ?? 'pipewright-dev',
  };
  const arns = realisticArns(template, ctx);
  return {
    template,
    stackName: ctx.stackName,
    resolve: (value) => resolve(ctx, substitute(value, arns)),
    roleArn: (functionId) => arns.get(`${functionId}Role`) ?? `no role for ${functionId}`,
  };
}
