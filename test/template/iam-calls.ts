import type { FunctionBundle } from './bundle';
import { ownCodeNamesCommand, pipewrightOperations } from './sdk-operations';

/** Input artifacts are read with the job's artifactCredentials (functions/pipeline-action/job/artifacts.ts). */
const READ_WITH_ARTIFACT_CREDENTIALS = {
  's3:GetObject': 'input artifacts are read with the job artifactCredentials',
  // S3 Express One Zone session, created by the S3 client itself, with the same credentials.
  's3:CreateSession': 'S3 client internals, with the job artifactCredentials',
};

/** Calls in a bundle that are made with other credentials than the function's role. */
const NOT_MADE_WITH_FUNCTION_ROLE: Record<string, Record<string, string>> = {
  PipelineActionFunction: READ_WITH_ARTIFACT_CREDENTIALS,
  JobWorkerFunction: READ_WITH_ARTIFACT_CREDENTIALS,
};

/**
 * Commands bundled only because a library class references them, for methods pipewright never
 * calls. Honoured only while no pipewright source file in the bundle names `<Operation>Command`.
 */
export const LIBRARY_ONLY: Record<string, string> = {
  'ssm:GetParameter': 'Powertools SSMProvider.get (loadConfig uses getMultiple = GetParametersByPath)',
  'ssm:GetParameters': 'Powertools SSMProvider.getParametersByName',
  'ssm:PutParameter': 'Powertools SSMProvider.set',
};

/** Permissions a function needs without making the SDK call itself. */
export const GRANTED_WITHOUT_SDK_CALL: Record<string, string[]> = {
  // sns:Publish to a KMS-encrypted topic needs the publisher to be allowed to use the topic's key;
  // kms:Decrypt also reads SecureString configuration under a customer managed key (ConfigKmsKeyArn).
  NotifierFunction: ['kms:GenerateDataKey', 'kms:Decrypt'],
  DeployHookFunction: ['kms:Decrypt'],
  // The webhook URLs are SecureStrings: decrypted through SSM when ConfigKmsKeyArn encrypts them.
  ChatDeliveryFunction: ['kms:Decrypt'],
  // StartAutomationExecution with AutomationAssumeRole checks that the caller may pass that role.
  PipelineActionFunction: ['iam:PassRole'],
  JobWorkerFunction: ['iam:PassRole'],
};

export interface Calls {
  /** IAM actions the function role must allow. */
  required: string[];
  /** Every IAM action the bundle's SDK commands could need. */
  callable: string[];
}

/**
 * The IAM actions a function's bundle needs from its role, and every action its SDK commands could need.
 *
 * @example
 * ```ts
 * const { required } = callsOf('NotifierFunction', await buildFunction(loadTemplate(), 'NotifierFunction'));
 * ```
 */
export function callsOf(id: string, bundle: FunctionBundle): Calls {
  const operations = pipewrightOperations(bundle);
  const callable = [...new Set(operations.map((op) => op.action ?? `unknown:${op.serviceId}`))];
  const required = operations
    .filter((op) => !NOT_MADE_WITH_FUNCTION_ROLE[id]?.[op.action!])
    .filter((op) => !(LIBRARY_ONLY[op.action!] && !ownCodeNamesCommand(bundle, op.operation)))
    .map((op) => op.action!);
  return { required: [...new Set(required)], callable };
}
