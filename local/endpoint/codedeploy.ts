import { type JsonService, type OperationCall, epochTimestamps } from './protocol';
import { AwsError } from './world';

const HOOK_STATUSES = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Unknown'];

function deployment(call: OperationCall, id: unknown): Record<string, unknown> {
  const found = call.world.state.codedeploy?.deployments?.[String(id)];
  if (!found)
    throw new AwsError('DeploymentDoesNotExistException', `The deployment ${String(id)} could not be found`);
  return found;
}

/** CodeDeploy (JSON 1.1, `CodeDeploy_20141006`): deployments and lifecycle hook results. */
export const codedeploy: JsonService = {
  iam: 'codedeploy',
  target: 'CodeDeploy_20141006',
  version: '1.1',
  operations: {
    GetDeployment(input, call) {
      const info = deployment(call, input.deploymentId);
      call.note(String(info.status ?? 'found'));
      return epochTimestamps({ deploymentInfo: { deploymentId: input.deploymentId, ...info } });
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
