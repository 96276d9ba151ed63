import type { CfnTemplate } from './cfn-yaml';

/** The fake account the local runner uses in ARNs. */
export const LOCAL_ACCOUNT_ID = '123456789012';

/** What intrinsic functions resolve against: parameter values and pseudo parameters. */
export interface ResolveContext {
  template: CfnTemplate;
  parameters: Record<string, string>;
  region: string;
  stackName: string;
}

/** Marker of `Ref AWS::NoValue`: the property is dropped. */
const NO_VALUE = Symbol('AWS::NoValue');

const SERVICE_OF_TYPE: Record<string, string> = {
  'AWS::Serverless::Function': 'lambda',
  'AWS::Lambda::Function': 'lambda',
};

function arnOf(ctx: ResolveContext, logicalId: string, type: string): string {
  const head = (service: string) => `arn:aws:${service}:${ctx.region}:${LOCAL_ACCOUNT_ID}`;
  if (type === 'AWS::SNS::Topic') return `${head('sns')}:${logicalId}`;
  if (type === 'AWS::SQS::Queue') return `${head('sqs')}:${logicalId}`;
  if (type === 'AWS::KMS::Key') return `${head('kms')}:key/${logicalId}`;
  const service = SERVICE_OF_TYPE[type] ?? type.split('::')[1]?.toLowerCase() ?? 'unknown';
  return service === 'lambda' ? `${head('lambda')}:function:${logicalId}` : `${head(service)}:${logicalId}`;
}

/** `Ref` of a resource, like `sam local`: a realistic fake name or ARN. */
function refOfResource(ctx: ResolveContext, logicalId: string, type: string): string {
  if (type === 'AWS::SNS::Topic') return arnOf(ctx, logicalId, type);
  if (type === 'AWS::SQS::Queue')
    return `https://sqs.${ctx.region}.amazonaws.com/${LOCAL_ACCOUNT_ID}/${logicalId}`;
  return logicalId;
}

function ref(ctx: ResolveContext, name: string): unknown {
  const pseudo: Record<string, unknown> = {
    'AWS::Region': ctx.region,
    'AWS::AccountId': LOCAL_ACCOUNT_ID,
    'AWS::StackName': ctx.stackName,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': `arn:aws:cloudformation:${ctx.region}:${LOCAL_ACCOUNT_ID}:stack/${ctx.stackName}/local`,
    'AWS::NoValue': NO_VALUE,
  };
  if (name in pseudo) return pseudo[name];
  const parameter = ctx.template.Parameters?.[name];
  if (parameter) {
    const value = ctx.parameters[name] ?? (parameter.Default === undefined ? '' : String(parameter.Default));
    return parameter.Type?.includes('List') ? value.split(',').filter(Boolean) : value;
  }
  const resource = ctx.template.Resources[name];
  if (resource) return refOfResource(ctx, name, resource.Type);
  throw new Error(`Unresolved Ref ${name}`);
}

function getAtt(ctx: ResolveContext, [logicalId = '', attribute = '']: string[]): string {
  const resource = ctx.template.Resources[logicalId];
  if (!resource) throw new Error(`Unresolved GetAtt ${logicalId}.${attribute}`);
  return attribute === 'Arn' ? arnOf(ctx, logicalId, resource.Type) : `${logicalId}.${attribute}`;
}

function sub(ctx: ResolveContext, args: unknown): string {
  const [text, vars = {}] = (Array.isArray(args) ? args : [args]) as [string, Record<string, unknown>];
  const own = resolve(ctx, vars) as Record<string, unknown>;
  return text.replace(/\$\{(!?)([^}]+)\}/g, (_, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    if (name in own) return String(own[name]);
    return String(name.includes('.') ? getAtt(ctx, name.split('.')) : ref(ctx, name));
  });
}

function condition(ctx: ResolveContext, name: string): boolean {
  return Boolean(resolve(ctx, ctx.template.Conditions?.[name]));
}

type Fn = (ctx: ResolveContext, args: unknown) => unknown;
const FUNCTIONS: Record<string, Fn> = {
  Ref: (ctx, name) => ref(ctx, String(name)),
  Condition: (ctx, name) => condition(ctx, String(name)),
  'Fn::GetAtt': (ctx, args) =>
    getAtt(ctx, (Array.isArray(args) ? args : String(args).split('.')) as string[]),
  'Fn::Sub': sub,
  'Fn::Join': (ctx, args) => {
    const [sep, list] = resolve(ctx, args) as [string, unknown[]];
    return list.join(sep);
  },
  'Fn::Select': (ctx, args) => {
    const [index, list] = resolve(ctx, args) as [number, unknown[]];
    return list[Number(index)];
  },
  'Fn::Split': (ctx, args) => {
    const [sep, text] = resolve(ctx, args) as [string, string];
    return text.split(sep);
  },
  'Fn::If': (ctx, args) => {
    const [name, yes, no] = args as [string, unknown, unknown];
    return resolve(ctx, condition(ctx, name) ? yes : no);
  },
  'Fn::Equals': (ctx, args) => {
    const [a, b] = resolve(ctx, args) as [unknown, unknown];
    return JSON.stringify(a) === JSON.stringify(b);
  },
  'Fn::Not': (ctx, args) => !(resolve(ctx, args) as unknown[])[0],
  'Fn::And': (ctx, args) => (resolve(ctx, args) as unknown[]).every(Boolean),
  'Fn::Or': (ctx, args) => (resolve(ctx, args) as unknown[]).some(Boolean),
  'Fn::FindInMap': (ctx, args) => {
    const [map, top, second] = resolve(ctx, args) as string[];
    return ctx.template.Mappings?.[map ?? '']?.[top ?? '']?.[second ?? ''];
  },
  'Fn::Base64': (ctx, args) => Buffer.from(String(resolve(ctx, args))).toString('base64'),
};

/**
 * Resolves intrinsic functions in a template value the way `sam local` does: parameters (defaults
 * overridden), pseudo parameters, `Fn::Sub`, `Fn::If` with conditions, and Refs / GetAtts of
 * resources as realistic fake names and ARNs.
 *
 * @example
 * ```ts
 * resolve(ctx, { 'Fn::Sub': 'CodeDeployHook_${AWS::StackName}' }); // 'CodeDeployHook_pipewright-local'
 * ```
 */
export function resolve(ctx: ResolveContext, value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => resolve(ctx, item)).filter((item) => item !== NO_VALUE);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [key, args] = entries[0] ?? [];
  if (entries.length === 1 && key && FUNCTIONS[key]) return FUNCTIONS[key](ctx, args);
  return Object.fromEntries(
    entries.map(([k, v]) => [k, resolve(ctx, v)] as const).filter(([, v]) => v !== NO_VALUE),
  );
}
