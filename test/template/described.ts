import type { FunctionDescription } from '../../cdk/description/function-description';
import type { DescriptionScope, StackResource } from '../../cdk/description/scope';
import { sharedFunctionProps } from '../../cdk/description/shared';
import { type Settings, settingDefaults } from '../../cdk/description/settings';
import { ACCOUNT, type Deployment, REGION } from './deployed';
import type { CfnResource, CfnTemplate } from './project';

/** Where a function's description lives (one file per function, named after its service). */
export const descriptionFile = (service: string) => `cdk/description/${service}.ts`;

/** Template parameter of a setting: its key, first letter capitalised (`configPath` → `ConfigPath`). */
export const parameterOf = (setting: string) => setting[0]!.toUpperCase() + setting.slice(1);

/** The settings a parameter set gives (template parameter values as CloudFormation passes them). */
export function settingsFor(parameters: Record<string, string>): Settings {
  const entries = Object.entries(settingDefaults).map(([key, fallback]) => {
    const value = parameters[parameterOf(key)];
    if (value === undefined) return [key, fallback];
    if (Array.isArray(fallback)) return [key, value.split(',').filter(Boolean)];
    return [key, typeof fallback === 'number' ? Number(value) : value];
  });
  return Object.fromEntries(entries) as Settings;
}

/**
 * The description's values as a deployment resolves its template's: template.yaml's (logical ids as
 * there), or a synthesized CDK stack's (`logicalIds` maps each resource to the construct's).
 */
export function deploymentScope(
  stack: Pick<Deployment, 'resolve'>,
  settings: Settings,
  logicalIds: Partial<Record<StackResource, string>> = {},
): DescriptionScope {
  return {
    partition: 'aws',
    region: REGION,
    account: ACCOUNT,
    settings,
    arnOf: (resource) => String(stack.resolve({ 'Fn::GetAtt': [logicalIds[resource] ?? resource, 'Arn'] })),
  };
}

/** The build and function properties the description fixes, in template form. */
export function describedProperties(d: FunctionDescription): Record<string, unknown> {
  const { build, asyncInvoke } = sharedFunctionProps;
  const invoke = d.asyncInvoke ?? asyncInvoke;
  return {
    BuildMethod: 'esbuild',
    BuildProperties: {
      Minify: build.minify,
      Target: build.target,
      Sourcemap: build.sourcemap,
      MainFields: build.mainFields.join(','),
      EntryPoints: [d.entryPoint],
    },
    CodeUri: '.',
    Handler: sharedFunctionProps.handler,
    Description: d.description,
    Runtime: sharedFunctionProps.runtime,
    Architectures: [sharedFunctionProps.architecture],
    MemorySize: sharedFunctionProps.memoryMb,
    Timeout: d.timeoutSeconds,
    Tracing: sharedFunctionProps.tracing,
    LogFormat: sharedFunctionProps.logFormat,
    MaximumRetryAttempts: invoke.retryAttempts,
    MaximumEventAgeInSeconds: invoke.maxEventAgeSeconds,
  };
}

/** The same properties of a template function, as deployed (`Globals.Function` applied). */
export function templateProperties(template: CfnTemplate, fn: CfnResource): Record<string, unknown> {
  const property = (key: string) => fn.Properties?.[key] ?? template.Globals?.Function?.[key];
  const invoke = (property('EventInvokeConfig') ?? {}) as Record<string, unknown>;
  const logging = (property('LoggingConfig') ?? {}) as Record<string, unknown>;
  const names = ['CodeUri', 'Handler', 'Description', 'Runtime', 'Architectures', 'MemorySize', 'Timeout'];
  return {
    BuildMethod: fn.Metadata?.BuildMethod,
    BuildProperties: fn.Metadata?.BuildProperties,
    ...Object.fromEntries(names.map((name) => [name, property(name)])),
    Tracing: property('Tracing'),
    LogFormat: logging.LogFormat,
    MaximumRetryAttempts: invoke.MaximumRetryAttempts,
    MaximumEventAgeInSeconds: invoke.MaximumEventAgeInSeconds,
  };
}

/** A template function's environment variables as deployed (`Globals.Function`'s and its own, resolved). */
export function templateEnvironment(stack: Deployment, fn: CfnResource): Record<string, unknown> {
  const variables = (props: Record<string, unknown> | undefined) =>
    (props?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const globals = stack.template.Globals?.Function;
  return stack.resolve({ ...variables(globals), ...variables(fn.Properties) }) as Record<string, unknown>;
}
