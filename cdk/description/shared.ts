import { arn, type DescriptionScope } from './scope';
import type { FunctionDescription, StatementDescription } from './function-description';

/**
 * What every pipewright function shares (template.yaml: `Globals.Function`, and each function's
 * `Metadata`, `CodeUri`, `Handler` and `LoggingConfig`).
 */
export const sharedFunctionProps = {
  runtime: 'nodejs24.x',
  architecture: 'arm64',
  memoryMb: 512,
  /** X-Ray active tracing. */
  tracing: 'Active',
  logFormat: 'JSON',
  /** Powertools' metrics namespace (EMF), which the alarms and the delivery dashboard read. */
  metricsNamespace: 'Pipewright',
  /** Every entry point is bundled to `index.js`, which exports `handler`. */
  handler: 'index.handler',
  /** esbuild settings (SAM's `BuildMethod: esbuild` `BuildProperties`, CommonJS output). */
  build: { minify: true, target: 'es2023', sourcemap: true, mainFields: ['module', 'main'] },
  asyncInvoke: { retryAttempts: 2, maxEventAgeSeconds: 3600 },
  /** Rules invoking a function: EventBridge's retries; what is still undelivered goes to a dead-letter queue. */
  ruleTarget: { retryAttempts: 10, maxEventAgeSeconds: 3600 },
} as const;

/** A function's environment variables: those of every function, its service name, its own. */
export function functionEnvironment(d: FunctionDescription, scope: DescriptionScope): Record<string, string> {
  const shared = {
    PIPEWRIGHT_CONFIG_PATH: scope.settings.configPath,
    PIPEWRIGHT_CONFIG_TTL_SECONDS: '300',
    POWERTOOLS_METRICS_NAMESPACE: sharedFunctionProps.metricsNamespace,
    POWERTOOLS_LOG_LEVEL: scope.settings.logLevel,
    AWS_MAX_ATTEMPTS: '5',
    AWS_RETRY_MODE: 'adaptive',
    NODE_OPTIONS: '--enable-source-maps',
  };
  return { ...shared, POWERTOOLS_SERVICE_NAME: d.service, ...d.environment(scope) };
}

/**
 * Decrypting the configuration's SecureStrings with `configKmsKeyArn`, through SSM only: a statement only
 * when that key is set (the default `aws/ssm` key needs no grant).
 */
export function decryptConfiguration(
  scope: DescriptionScope,
  sid = 'DecryptConfiguration',
): StatementDescription[] {
  const { configKmsKeyArn } = scope.settings;
  if (configKmsKeyArn === '') return [];
  return [
    {
      sid,
      actions: ['kms:Decrypt'],
      resources: [configKmsKeyArn],
      conditions: { StringEquals: { 'kms:ViaService': `ssm.${scope.region}.amazonaws.com` } },
    },
  ];
}

/**
 * Reading the stack's configuration: everything under `configPath` and the path itself (a recursive
 * read is authorised on the path asked for), SecureStrings included ({@link decryptConfiguration}).
 */
export function readConfiguration(scope: DescriptionScope): StatementDescription[] {
  const { configPath } = scope.settings;
  const read: StatementDescription = {
    sid: 'ReadConfiguration',
    actions: ['ssm:GetParametersByPath'],
    resources: [
      arn(scope, 'ssm', `parameter${configPath}*`),
      arn(scope, 'ssm', `parameter${configPath.replace(/\/$/, '')}`),
    ],
  };
  return [read, ...decryptConfiguration(scope)];
}
