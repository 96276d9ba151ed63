/**
 * AWS console deep links and retry commands. The region is always the event's own, never a default.
 */

/** Where a region lives: its ARN partition and the host name of its console. */
export interface RegionPartition {
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  consoleHost: string;
}

/**
 * The partition and console host of a region: China (`cn-*`) and GovCloud (`us-gov-*`) regions have
 * their own; every other region is taken as the commercial `aws` partition.
 *
 * @example
 * ```ts
 * regionPartition('cn-north-1'); // { partition: 'aws-cn', consoleHost: 'console.amazonaws.cn' }
 * regionPartition('eu-west-1'); // { partition: 'aws', consoleHost: 'eu-west-1.console.aws.amazon.com' }
 * ```
 */
export function regionPartition(region: string): RegionPartition {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', consoleHost: 'console.amazonaws.cn' };
  if (region.startsWith('us-gov-'))
    return { partition: 'aws-us-gov', consoleHost: 'console.amazonaws-us-gov.com' };
  return { partition: 'aws', consoleHost: `${region}.console.aws.amazon.com` };
}

/**
 * The ARN of a resource in the event's region and partition.
 *
 * @example
 * ```ts
 * resourceArn('cn-north-1', 'codepipeline', '123456789012', 'my-pipeline');
 * // 'arn:aws-cn:codepipeline:cn-north-1:123456789012:my-pipeline'
 * ```
 */
export function resourceArn(region: string, service: string, account: string, resource: string): string {
  return `arn:${regionPartition(region).partition}:${service}:${region}:${account}:${resource}`;
}

const consoleBase = (region: string) => `https://${regionPartition(region).consoleHost}`;

const CONSOLE_URL =
  /^https:\/\/(?:[a-z0-9-]+\.)?console\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)(?:[/?#]|$)/i;

/**
 * A console link that opens in `region`: a provider's link to the AWS console without `region=` (CodeBuild
 * and CloudFormation give `https://console.aws.amazon.com/...#/...`) would open in the reader's last
 * region. Other links, and console links that name their region, are returned as they are.
 *
 * @example
 * ```ts
 * withConsoleRegion('https://console.aws.amazon.com/codebuild/home#/builds/b:1', 'eu-west-1');
 * // 'https://console.aws.amazon.com/codebuild/home?region=eu-west-1#/builds/b:1'
 * ```
 */
export function withConsoleRegion(url: string, region: string): string;
export function withConsoleRegion(url: string | undefined, region: string): string | undefined;
export function withConsoleRegion(url: string | undefined, region: string): string | undefined {
  if (!url || !CONSOLE_URL.test(url) || /[?&]region=/.test(url)) return url;
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const joiner = base.endsWith('?') ? '' : base.includes('?') ? '&' : '?';
  return `${base}${joiner}region=${encodeURIComponent(region)}${fragment}`;
}

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
