import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project';
import type { FunctionBundle } from './bundle';

/**
 * AWS SDK v3 service ids (the `makeBuilder(params, "<service id>", "<X>Client", …)` string every
 * client's commandBuilder passes) → IAM service prefix. Verified against the bundles of
 * @aws-sdk/client-* in node_modules. A client missing here fails the coverage test on purpose.
 */
export const IAM_PREFIX_BY_SERVICE_ID: Record<string, string> = {
  AmazonSSM: 'ssm',
  AWSSecurityTokenServiceV20110615: 'sts',
  CodePipeline_20150709: 'codepipeline',
  CodeDeploy_20141006: 'codedeploy',
  GraniteServiceVersion20100801: 'cloudwatch',
  AmazonSimpleNotificationService: 'sns',
  AWSGirApiService: 'lambda',
  AmazonS3: 's3',
  AmazonEC2ContainerServiceV20141113: 'ecs',
};

/**
 * Clients of @aws-sdk/nested-clients, bundled by the SDK's default credential provider chain
 * (web identity, SSO, sign-in, Cognito). In Lambda, credentials come from environment variables, so
 * the function role never makes these calls — unless pipewright's own code calls the service too
 * (the notifier assumes reader roles with @aws-sdk/client-sts): see {@link pipewrightOperations}.
 */
export const CREDENTIAL_CHAIN_SERVICE_IDS = new Set([
  'AWSSecurityTokenServiceV20110615',
  'SWBPortalService',
  'AWSSSOOIDCService',
  'Signin',
  'AWSCognitoIdentityService',
]);

/** SDK operation names whose IAM action has a different name. */
const IAM_ACTION_BY_OPERATION: Record<string, string> = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  'lambda:InvokeWithResponseStream': 'lambda:InvokeFunction',
  's3:HeadObject': 's3:GetObject',
  's3:ListObjectsV2': 's3:ListBucket',
};

/** An SDK operation a bundle can call. */
export interface SdkOperation {
  serviceId: string;
  operation: string;
  /** The IAM action it needs (undefined for an unknown service id). */
  action?: string;
}

const BUILDER = /([\w$]+)\s*=\s*[\w$]+\(\s*[\w$]+\s*,\s*"(\w+)"\s*,\s*"\w+Client"\s*,\s*[\w$]+\s*\)/g;
const COMMAND = /extends\s+([\w$]+)\(\s*[\w$]+\s*,\s*[\w$]+\s*,\s*"(\w+)"\s*,\s*[\w$]+\s*\)\s*\{/g;

/**
 * Lists the SDK operations whose Command classes survived tree shaking in a bundle: each client's
 * command builder carries its service id, each command class its operation name, both as string
 * literals that minification keeps (`var Xo=Nr(hU,"AmazonSSM","SSMClient",an)` …
 * `class extends Xo(Yo,Qo,"GetParametersByPath",F2){}`).
 */
export function sdkOperations(code: string): SdkOperation[] {
  const serviceByBuilder = new Map<string, string>();
  for (const [, name, serviceId] of code.matchAll(BUILDER)) serviceByBuilder.set(name!, serviceId!);
  const found = new Map<string, SdkOperation>();
  for (const [, builder, operation] of code.matchAll(COMMAND)) {
    const serviceId = serviceByBuilder.get(builder!);
    if (serviceId === undefined) continue; // not an SDK command class
    const prefix = IAM_PREFIX_BY_SERVICE_ID[serviceId];
    const plain = prefix && `${prefix}:${operation}`;
    const action = plain ? (IAM_ACTION_BY_OPERATION[plain] ?? plain) : undefined;
    // By client: the credential chain's STS and @aws-sdk/client-sts both bundle AssumeRole.
    found.set(`${builder}.${operation}`, { serviceId, operation: operation!, action });
  }
  return [...found.values()];
}

/**
 * The SDK operations of a bundle that pipewright's code makes (one per service and operation): every
 * operation of a service the credential chain does not use, and those of a credential-chain service
 * (STS) whose command pipewright's own code names.
 *
 * @example
 * ```ts
 * pipewrightOperations(await buildFunction(loadTemplate(), 'NotifierFunction')).map((op) => op.action); // [..., 'sts:AssumeRole']
 * ```
 */
export function pipewrightOperations(bundle: FunctionBundle): SdkOperation[] {
  const made = sdkOperations(bundle.code).filter(
    (op) => !CREDENTIAL_CHAIN_SERVICE_IDS.has(op.serviceId) || ownCodeNamesCommand(bundle, op.operation),
  );
  return [...new Map(made.map((op) => [`${op.serviceId}.${op.operation}`, op])).values()];
}

/** How many SDK command modules the metafile says made it into the bundle (a cross-check of {@link sdkOperations}). */
export function bundledCommandModules(bundle: FunctionBundle): string[] {
  return bundle.includedInputs.filter((file) =>
    /node_modules\/@aws-sdk\/(client-[\w-]+|nested-clients)\/dist-es\/(submodules\/[\w-]+\/)?commands\/\w+Command\.js$/.test(
      file,
    ),
  );
}

/** Whether pipewright's own code in the bundle names `<operation>Command` (calls it directly). */
export function ownCodeNamesCommand(bundle: FunctionBundle, operation: string): boolean {
  const pattern = new RegExp(`\\b${operation}Command\\b`);
  return bundle.includedInputs
    .filter((file) => !file.includes('node_modules/'))
    .some((file) => pattern.test(readFileSync(path.join(projectRoot, file), 'utf8')));
}
