import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './import-graph';

type Manifest = Record<
  'dependencies' | 'devDependencies' | 'peerDependencies',
  Record<string, string> | undefined
>;
const readJson = (file: string) => JSON.parse(readFileSync(path.join(projectRoot, file), 'utf8')) as unknown;
const root = readJson('package.json') as Manifest;
const constructLibrary = readJson('cdk/package.json') as Manifest & { main: string };
const lock = readJson('package-lock.json') as { packages: Record<string, { dev?: boolean }> };
const CDK = ['aws-cdk-lib', 'constructs'];

/** Whether an exact version satisfies a caret range (`^2.278.0`: 2.x, at least 2.278.0). */
function satisfiesCaret(version: string, range: string): boolean {
  const [major, ...rest] = range.replace(/^\^/, '').split('.').map(Number);
  const have = version.split('.').map(Number);
  if (have[0] !== major) return false;
  const cmp = [have[1]! - rest[0]!, have[2]! - rest[1]!].find((d) => d !== 0) ?? 0;
  return cmp >= 0;
}

describe('the CDK construct library (cdk/)', () => {
  it('names aws-cdk-lib and constructs as peer dependencies of its entry point', () => {
    expect(constructLibrary.main).toBe('index.ts');
    expect(Object.keys(constructLibrary.peerDependencies ?? {}).sort()).toEqual(CDK);
  });

  it('is developed against exact root devDependencies that satisfy those peer ranges', () => {
    const pinned = CDK.map((name) => [name, root.devDependencies?.[name]] as const);
    expect(pinned.filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version ?? ''))).toEqual([]);
    expect(
      pinned.filter(
        ([name, version]) => !satisfiesCaret(version!, constructLibrary.peerDependencies![name]!),
      ),
    ).toEqual([]);
  });

  it('keeps them out of SAM’s production install (not dependencies, not root peers, dev-only in the lockfile)', () => {
    // npm installs a root package's peerDependencies too: they would land in `sam build`'s production install.
    expect(CDK.filter((name) => root.dependencies?.[name] ?? root.peerDependencies?.[name])).toEqual([]);
    expect(CDK.map((name) => lock.packages[`node_modules/${name}`]?.dev)).toEqual([true, true]);
  });
});
