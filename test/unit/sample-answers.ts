import { createHash } from 'node:crypto';
import {
  DeploymentDoesNotExistException,
  type DeploymentInfo,
  type GetDeploymentCommandInput,
  type GetDeploymentOutput,
} from '@aws-sdk/client-codedeploy';
import type {
  GetParametersByPathCommandInput,
  GetParametersByPathResult,
  Parameter,
} from '@aws-sdk/client-ssm';
import { awsError } from '../support/aws-error';

/**
 * SDK answers built from the seeded state of local/state/*.json, for aws-sdk-client-mock's
 * `.callsFake(...)`: the same data the loopback endpoint serves, shaped as the SDK output types.
 */

/** A seeded record (local/state/*.json): plain JSON. */
export type Seeded = Record<string, unknown>;

/** Members that are a `Date` in the SDK output types answered here (CodeDeploy, CodePipeline). */
const DATE_MEMBERS = new Set(['createTime', 'startTime', 'completeTime', 'lastUpdateTime', 'created']);

/** Members that are a `Date` in ECS's service deployment outputs. */
export const ECS_DATE_MEMBERS = new Set(['createdAt', 'startedAt', 'finishedAt', 'stoppedAt', 'updatedAt']);

/**
 * A copy of seeded JSON with its timestamps (ISO strings, or epoch seconds as CodeDeploy's JSON has
 * them) as `Date`s, as the SDK returns them; `members` names them (default: CodeDeploy's and
 * CodePipeline's).
 *
 * @example
 * ```ts
 * withDates<PipelineExecutionSummary>({ startTime: '2026-05-12T10:05:00Z' }).startTime; // a Date
 * ```
 */
export function withDates<T>(value: unknown, members: ReadonlySet<string> = DATE_MEMBERS): T {
  if (Array.isArray(value)) return value.map((item) => withDates(item, members)) as T;
  if (!value || typeof value !== 'object') return value as T;
  const entries = Object.entries(value).map(([key, member]) => {
    if (members.has(key) && typeof member === 'string') return [key, new Date(member)];
    if (members.has(key) && typeof member === 'number') return [key, new Date(member * 1000)];
    return [key, withDates(member, members)];
  });
  return Object.fromEntries(entries) as T;
}

/** The SHA-256 CodeDeploy keeps of an AppSpec. */
export const appSpecSha256 = (content: string) => createHash('sha256').update(content).digest('hex');

/**
 * A seeded deployment as `GetDeployment` returns it: as AWS documents, "the content property of the
 * appSpecContent object in the returned revision is always null" — only its sha256.
 */
export function deploymentInfo(id: string, seeded: Seeded): DeploymentInfo {
  const info = withDates<DeploymentInfo>({ deploymentId: id, ...seeded });
  const content = info.revision?.appSpecContent?.content;
  if (content === undefined) return info;
  return {
    ...info,
    revision: { ...info.revision, appSpecContent: { sha256: appSpecSha256(content) } },
  };
}

/**
 * `GetDeployment` over the seeded deployments (read at each call, so a test may change them), and
 * `DeploymentDoesNotExistException` for any other id.
 *
 * @example
 * ```ts
 * mock.on(GetDeploymentCommand).callsFake(getDeployment(state.codedeploy.deployments));
 * ```
 */
export function getDeployment(deployments: Record<string, Seeded>) {
  return ({ deploymentId = '' }: GetDeploymentCommandInput): GetDeploymentOutput => {
    const seeded = deployments[deploymentId];
    if (!seeded) {
      throw awsError(DeploymentDoesNotExistException, `The deployment ${deploymentId} could not be found`);
    }
    return { deploymentInfo: deploymentInfo(deploymentId, seeded) };
  };
}

/**
 * `GetParametersByPath` over `parameters` (read at each call): those under `Path`, directly or with
 * `Recursive` below it, sorted by name, in one page.
 *
 * @example
 * ```ts
 * mock.on(GetParametersByPathCommand).callsFake(getParametersByPath(() => [{ Name: '/a/b', Value: '1' }]));
 * ```
 */
export function getParametersByPath(parameters: () => Parameter[]) {
  return ({ Path = '', Recursive }: GetParametersByPathCommandInput): GetParametersByPathResult => {
    const prefix = Path.endsWith('/') ? Path : `${Path}/`;
    const under = parameters()
      .filter(({ Name = '' }) => Name.startsWith(prefix))
      .filter(({ Name = '' }) => Recursive || !Name.slice(prefix.length).includes('/'))
      .sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
    return {
      Parameters: under.map((p) => ({ ...p, Type: p.Type ?? 'String', Version: 1, DataType: 'text' })),
    };
  };
}
