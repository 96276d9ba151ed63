import { actionExecution } from './action-execution';
import { codebuildBuild } from './codebuild-build';
import { codedeployDeployment } from './codedeploy-deployment';
import type { EventHeader, SourceDefinition } from './define';
import { pipelineExecution } from './pipeline-execution';
import { stageExecution } from './stage-execution';

/** Every event family the notifier understands: adding one is adding a file and a line here. */
export const sources: readonly SourceDefinition[] = [
  pipelineExecution,
  stageExecution,
  actionExecution,
  codebuildBuild,
  codedeployDeployment,
];

/** The family that handles an event, if any. */
export function findSource(event: unknown): SourceDefinition | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  return sources.find((source) => source.matches(event as EventHeader));
}
