import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleEventKeys } from '../../local/demo';

const rootDir = join(__dirname, '..', '..');

/**
 * The hook's function name as the local runner resolves it (`CodeDeployHook_${AWS::StackName}`, stack
 * `pipewright-local`): the sample AppSpecs of local/state/deploy-hook.json name it, so the hook knows its
 * lifecycle event.
 */
export const HOOK_NAME = 'CodeDeployHook_pipewright-local';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(rootDir, path), 'utf8'));
}

/**
 * Reads a sample event of events/ (the ones users replay with `sam local invoke -e`), a fresh copy
 * each call. `T` is the shape the caller relies on (not checked).
 *
 * @example
 * ```ts
 * const event = readEvent<{ DeploymentId: string }>('deploy-hook/lambda-success.json');
 * ```
 */
export function readEvent<T = unknown>(path: string): T {
  return readJson(join('events', path)) as T;
}

/**
 * The sample events of a folder of events/, as `<dir>/<name>.json` for {@link readEvent}, in name order;
 * none for `''` (a function without sample events).
 *
 * @example
 * ```ts
 * sampleEvents('notifier').map((name) => readEvent(name)); // every events/notifier/*.json
 * ```
 */
export function sampleEvents(dir: string): string[] {
  return dir ? sampleEventKeys(rootDir, dir) : [];
}

/**
 * Reads a seed file of the loopback endpoint, `local/state/<name>.json`, a fresh copy each call. `T`
 * is the part of its shape the caller relies on (not checked).
 *
 * @example
 * ```ts
 * const { codedeploy } = readState<{ codedeploy: { deployments: Record<string, object> } }>('deploy-hook');
 * ```
 */
export function readState<T = unknown>(name: string): T {
  return readJson(join('local', 'state', `${name}.json`)) as T;
}
