import { createHash } from 'node:crypto';
import { type JsonService, type OperationCall, epochTimestamps } from './protocol';
import { AwsError } from './world';

const HOOK_STATUSES = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Unknown'];

function deployment(call: OperationCall, id: unknown): Record<string, unknown> {
  const found = call.state.codedeploy?.deployments?.[String(id)];
  if (!found)
    throw new AwsError('DeploymentDoesNotExistException', `The deployment ${String(id)} could not be found`);
  return found;
}

type Revision = { revisionType?: string; appSpecContent?: { content?: string; sha256?: string } };

/** The seeded revision with its sha256 filled in, as CodeDeploy stores it. */
function storedRevision(info: Record<string, unknown>): Revision | undefined {
  const revision = info.revision as Revision | undefined;
  const content = revision?.appSpecContent?.content;
  if (!revision || content === undefined) return revision;
  const sha256 = createHash('sha256').update(content).digest('hex');
  return { ...revision, appSpecContent: { content, sha256 } };
}

/** GetDeployment answers the AppSpec's sha256 only: "the content property … is always null". */
function withoutContent(revision: Revision | undefined): Revision | undefined {
  if (!revision?.appSpecContent) return revision;
  return { ...revision, appSpecContent: { sha256: revision.appSpecContent.sha256 } };
}

/**
 * CodeDeploy (JSON 1.1, `CodeDeploy_20141006`): deployments, their AppSpec revisions and lifecycle
 * hook results.
 */
export const codedeploy: JsonService = {
  iam: 'codedeploy',
  target: 'CodeDeploy_20141006',
  version: '1.1',
  operations: {
    GetDeployment(input, call) {
      const info = deployment(call, input.deploymentId);
      call.note(String(info.status ?? 'found'));
      const revision = withoutContent(storedRevision(info));
      return epochTimestamps({ deploymentInfo: { deploymentId: input.deploymentId, ...info, revision } });
    },
    GetApplicationRevision(input, call) {
      const wanted = input.revision?.appSpecContent?.sha256;
      const deployments = Object.values(call.world.state.codedeploy?.deployments ?? {});
      const revision = deployments
        .filter((info) => info.applicationName === input.applicationName)
        .map(storedRevision)
        .find((r) => r?.appSpecContent?.sha256 === wanted);
      if (!revision) {
        throw new AwsError(
          'RevisionDoesNotExistException',
          `No revision ${String(wanted)} in application ${String(input.applicationName)}`,
        );
      }
      call.note('AppSpec');
      return { applicationName: input.applicationName, revision, revisionInfo: {} };
    },
    PutLifecycleEventHookExecutionStatus(input, call) {
      deployment(call, input.deploymentId);
      const hookId = input.lifecycleEventHookExecutionId;
      if (!hookId)
        throw new AwsError(
          'LifecycleEventHookExecutionIdRequiredException',
          'lifecycleEventHookExecutionId is required',
        );
      if (!HOOK_STATUSES.includes(input.status)) {
        throw new AwsError(
          'InvalidLifecycleEventHookExecutionStatusException',
          `Status ${input.status} is not valid`,
        );
      }
      if (call.world.completedHooks.has(hookId)) {
        throw new AwsError(
          'LifecycleEventAlreadyCompletedException',
          `Lifecycle event ${hookId} has already completed`,
        );
      }
      call.world.completedHooks.add(hookId);
      call.note(input.status);
      return { lifecycleEventHookExecutionId: hookId };
    },
  },
};
