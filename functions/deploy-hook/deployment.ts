import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { lazyClient } from '../lib/clients';
import { ConfigurationError, awsErrorName, describeError } from '../lib/errors';
import { truncate } from '../lib/text';
import { parseAppSpec, type AppSpecResource } from './appspec';
import { hookCall } from './aws-call';

/** The codedeploy client of the hook's work (GetDeployment, GetApplicationRevision; the report has its own). */
const codedeploy = lazyClient(CodeDeployClient);

/** Everything the checks know about what they validate. */
export interface DeploymentTarget {
  deploymentId: string;
  application: string;
  deploymentGroup: string;
  /** `Lambda` or `ECS`. */
  computePlatform: string;
  resource: AppSpecResource;
  /**
   * The lifecycle events this function is attached to in the AppSpec. Exactly one entry means the hook
   * knows which event it serves; none or several means it cannot tell (see docs/deploy-hook.md).
   */
  lifecycleEvents: string[];
}

/**
 * Reads a deployment with `GetDeployment` and its AppSpec (`appSpecContent`, or `string` for the older
 * String revision type). AWS's `GetDeployment` returns only the AppSpec's `sha256`, so the content is read
 * with `GetApplicationRevision`; content given inline is used as is. A deployment that does not exist, or
 * whose revision is not an AppSpec the hook understands, raises a {@link ConfigurationError} saying so.
 *
 * @example
 * ```ts
 * const target = await describeDeployment('d-PWOK00001', 'CodeDeployHook_pipewright-dev');
 * target.resource; // { kind: 'lambda', functionName: 'orders-api', alias: 'live', currentVersion: '7', targetVersion: '8' }
 * ```
 */
export async function describeDeployment(
  deploymentId: string,
  hookFunctionName: string,
): Promise<DeploymentTarget> {
  const info = await getDeployment(deploymentId);
  const revision = info.revision;
  const content = await appSpecContent(info);
  if (!content) {
    throw new ConfigurationError(
      `Deployment ${deploymentId} has revision type ${revision?.revisionType ?? 'none'} without AppSpec content; ` +
        'the hook reads Lambda and ECS AppSpecs given as AppSpecContent or String',
    );
  }
  const appSpec = parseAppSpec(content);
  return {
    deploymentId,
    application: info.applicationName ?? '(unknown application)',
    deploymentGroup: info.deploymentGroupName ?? '(unknown deployment group)',
    computePlatform: info.computePlatform ?? appSpec.resource.kind,
    resource: appSpec.resource,
    lifecycleEvents: appSpec.hooks
      .filter((hook) => sameFunction(hook.functionName, hookFunctionName))
      .map((hook) => hook.event),
  };
}

async function getDeployment(deploymentId: string) {
  try {
    const { deploymentInfo } = await hookCall('GetDeployment', 'codedeploy:GetDeployment', () =>
      codedeploy().send(new GetDeploymentCommand({ deploymentId })),
    );
    if (!deploymentInfo) throw new ConfigurationError(`GetDeployment returned nothing for ${deploymentId}`);
    return deploymentInfo;
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'DeploymentDoesNotExistException') {
      throw new ConfigurationError(`Deployment ${deploymentId} does not exist (in this account and region)`, {
        cause: error,
      });
    }
    if (name === 'InvalidDeploymentIdException' || name === 'DeploymentIdRequiredException') {
      throw new ConfigurationError(
        `DeploymentId ${JSON.stringify(truncate(deploymentId, 100))} is not a CodeDeploy deployment id ` +
          `(GetDeployment answered ${describeError(error)}): the hook serves events sent by CodeDeploy`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The AppSpec text of a deployment. The API reference of GetDeployment: "The content property of the
 * appSpecContent object in the returned revision is always null. Use GetApplicationRevision and the sha256
 * property of the returned appSpecContent object to get the content of the deployment's AppSpec file."
 */
async function appSpecContent(info: DeploymentInfo): Promise<string | undefined> {
  const { revision, applicationName } = info;
  const inline = revision?.appSpecContent ?? revision?.string;
  if (inline?.content) return inline.content;
  if (!inline?.sha256 || !applicationName) return undefined;
  try {
    const answer = await hookCall('GetApplicationRevision', 'codedeploy:GetApplicationRevision', () =>
      codedeploy().send(new GetApplicationRevisionCommand({ applicationName, revision })),
    );
    return answer.revision?.appSpecContent?.content ?? answer.revision?.string?.content;
  } catch (error) {
    const name = awsErrorName(error);
    if (name !== 'ApplicationDoesNotExistException' && name !== 'RevisionDoesNotExistException') throw error;
    throw new ConfigurationError(
      `The AppSpec of deployment ${info.deploymentId ?? ''} (application ${applicationName}, sha256 ${inline.sha256}) ` +
        `cannot be read: GetApplicationRevision answered ${describeError(error)}`,
      { cause: error },
    );
  }
}

/** `arn:aws:lambda:eu-west-1:123:function:CodeDeployHook_x` and `CodeDeployHook_x` name the same function. */
function sameFunction(hook: string, functionName: string): boolean {
  const name = hook.startsWith('arn:') ? (hook.split(':')[6] ?? hook) : hook;
  return name === functionName;
}
