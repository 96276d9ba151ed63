import type { FunctionSpec } from '../template/functions';
import { LOCAL_ACCOUNT_ID } from '../template/intrinsics';

/** Where the function's AWS calls go. */
export type AwsTarget =
  | { kind: 'endpoint'; url: string }
  /** A real account or LocalStack: the user's credentials, profile and AWS_ENDPOINT_URL pass through. */
  | { kind: 'aws' };

const PASS_THROUGH_AWS = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_CA_BUNDLE',
  'HOME',
];

/** The invoked function's ARN, as the Lambda context carries it. */
export const functionArn = (spec: FunctionSpec, region: string) =>
  `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${spec.functionName}`;

/**
 * The environment of the child process, like the Lambda runtime (and `sam local`) sets it: the
 * template's variables, then AWS_LAMBDA_* / _HANDLER / AWS_SAM_LOCAL, region, and either fake
 * credentials + the loopback endpoint or the user's own AWS settings. Nothing else of the parent's
 * environment leaks in (in particular not the user's credentials in endpoint mode).
 */
export function lambdaEnvironment(
  spec: FunctionSpec,
  options: { region: string; target: AwsTarget; taskRoot: string; overrides?: Record<string, string> },
): NodeJS.ProcessEnv {
  const parent = process.env;
  const aws =
    options.target.kind === 'endpoint'
      ? {
          AWS_ENDPOINT_URL: options.target.url,
          AWS_ACCESS_KEY_ID: 'ASIALOCALRUNNER00000',
          AWS_SECRET_ACCESS_KEY: 'local-runner-fake-secret',
          AWS_SESSION_TOKEN: 'local-runner-fake-session-token',
        }
      : Object.fromEntries(PASS_THROUGH_AWS.filter((k) => parent[k]).map((k) => [k, parent[k]]));
  return {
    PATH: parent.PATH,
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    ...spec.environment,
    ...options.overrides,
    ...aws,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_SAM_LOCAL: 'true',
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]local`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: options.taskRoot,
    _HANDLER: spec.handler,
  };
}
