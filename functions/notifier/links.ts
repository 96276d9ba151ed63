/**
 * AWS console deep links and retry commands. The region is always the event's own, never a default.
 */
const consoleBase = (region: string) => `https://${region}.console.aws.amazon.com`;

/** The execution timeline of a pipeline execution. */
export function pipelineExecutionUrl(region: string, pipeline: string, executionId: string): string {
  return `${consoleBase(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}/executions/${encodeURIComponent(executionId)}/timeline?region=${region}`;
}

/** A CodeBuild build, from its id (`project:uuid`) or ARN. */
export function codebuildBuildUrl(region: string, account: string, buildIdOrArn: string): string {
  const buildId = buildIdOrArn.replace(/^arn:[^:]+:codebuild:[^:]*:[^:]*:build\//, '');
  const project = buildId.split(':')[0] ?? buildId;
  return `${consoleBase(region)}/codesuite/codebuild/${account}/projects/${encodeURIComponent(project)}/build/${encodeURIComponent(buildId)}/?region=${region}`;
}

/** A CodeDeploy deployment. */
export function codedeployDeploymentUrl(region: string, deploymentId: string): string {
  return `${consoleBase(region)}/codesuite/codedeploy/deployments/${encodeURIComponent(deploymentId)}?region=${region}`;
}

/** The AWS CLI command that retries the failed actions of a failed stage. */
export function retryStageCommand(
  region: string,
  pipeline: string,
  stage: string,
  executionId: string,
): string {
  return [
    'aws codepipeline retry-stage-execution',
    `--pipeline-name ${shellWord(pipeline)}`,
    `--stage-name ${shellWord(stage)}`,
    `--pipeline-execution-id ${executionId}`,
    '--retry-mode FAILED_ACTIONS',
    `--region ${region}`,
  ].join(' ');
}

/** Quotes a word for a POSIX shell when it holds anything but safe characters. */
function shellWord(word: string): string {
  return /^[\w.@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
