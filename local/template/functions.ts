import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { CfnTemplate } from './cfn-yaml';
import { type ResolveContext, resolve } from './intrinsics';

/** SAM's esbuild `Metadata.BuildProperties`. */
export interface BuildProperties {
  EntryPoints?: string[];
  Minify?: boolean;
  Target?: string;
  Sourcemap?: boolean;
  MainFields?: string;
  External?: string[];
  Format?: 'cjs' | 'esm';
  Loader?: string[];
}

/** A function's settings as `sam local invoke` resolves them (Globals.Function merged with Properties). */
export interface FunctionSpec {
  logicalId: string;
  functionName: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memorySize: number;
  /** Absolute CodeUri directory. */
  codeUri: string;
  environment: Record<string, string>;
  buildMethod?: string;
  build: BuildProperties;
}

/** The properties the runner needs (others, like Events and Policies, are not resolved). */
const RUNTIME_KEYS = [
  'FunctionName',
  'Handler',
  'Runtime',
  'Timeout',
  'MemorySize',
  'CodeUri',
  'Environment',
];

/** Logical ids of the template's `AWS::Serverless::Function` resources. */
export function functionIds(template: CfnTemplate): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .map(([id]) => id);
}

/**
 * Resolves one function like `sam local invoke`: Globals.Function merged with Properties
 * (Environment.Variables merged key by key), intrinsics resolved.
 *
 * @example
 * ```ts
 * const spec = functionSpec(ctx, '/repo', 'NotifierFunction');
 * spec.environment.NOTIFICATION_TOPIC_ARN; // 'arn:aws:sns:us-east-1:123456789012:NotificationTopic'
 * ```
 */
export function functionSpec(ctx: ResolveContext, rootDir: string, logicalId: string): FunctionSpec {
  const resource = ctx.template.Resources[logicalId];
  if (resource?.Type !== 'AWS::Serverless::Function') {
    throw new Error(
      `${logicalId} is not an AWS::Serverless::Function (functions: ${functionIds(ctx.template).join(', ')})`,
    );
  }
  const pick = (props: Record<string, unknown> = {}) =>
    resolve(
      ctx,
      Object.fromEntries(RUNTIME_KEYS.filter((k) => k in props).map((k) => [k, props[k]])),
    ) as Record<string, unknown>;
  const globals = pick(ctx.template.Globals?.Function);
  const own = pick(resource.Properties);
  const variables = (props: Record<string, unknown>) =>
    (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const merged = { ...globals, ...own };
  const environment = Object.fromEntries(
    Object.entries({ ...variables(globals), ...variables(own) }).map(([k, v]) => [k, String(v)]),
  );
  const codeUri = String(merged.CodeUri ?? '.');
  const metadata = (resource.Metadata ?? {}) as { BuildMethod?: string; BuildProperties?: BuildProperties };
  return {
    logicalId,
    functionName: typeof merged.FunctionName === 'string' ? merged.FunctionName : logicalId,
    handler: String(merged.Handler ?? 'index.handler'),
    runtime: String(merged.Runtime ?? 'nodejs24.x'),
    timeoutSeconds: Number(merged.Timeout ?? 3),
    memorySize: Number(merged.MemorySize ?? 128),
    codeUri: isAbsolute(codeUri) ? codeUri : resolvePath(join(rootDir, codeUri)),
    environment,
    buildMethod: metadata.BuildMethod,
    build: (resolve(ctx, metadata.BuildProperties ?? {}) ?? {}) as BuildProperties,
  };
}
