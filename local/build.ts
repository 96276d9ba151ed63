import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import type { FunctionSpec } from './template/functions';

/** A built function bundle. */
export interface BuiltFunction {
  /** Directory holding the bundle (the Lambda task root). */
  dir: string;
  /** Absolute path of the bundle file the handler lives in. */
  file: string;
  /** True when the previous build was reused (sources unchanged). */
  cached: boolean;
  bytes: number;
}

/** The esbuild options SAM's esbuild workflow derives from `Metadata.BuildProperties`. */
function esbuildOptions(spec: FunctionSpec, outdir: string): BuildOptions {
  const props = spec.build;
  const entries = props.EntryPoints ?? [];
  if (spec.buildMethod !== 'esbuild' || entries.length === 0) {
    throw new Error(`${spec.logicalId} has no Metadata.BuildMethod esbuild with EntryPoints`);
  }
  return {
    entryPoints: entries.map((entry) => join(spec.codeUri, entry)),
    bundle: true,
    platform: 'node',
    format: props.Format ?? 'cjs',
    target: props.Target ?? 'es2020',
    minify: props.Minify ?? true,
    sourcemap: props.Sourcemap ?? false,
    mainFields: props.MainFields ? props.MainFields.split(',').map((s) => s.trim()) : undefined,
    external: props.External,
    outdir,
    metafile: true,
    logLevel: 'silent',
  };
}

interface CacheRecord {
  key: string;
  inputs: Record<string, string>;
}

const fingerprint = (path: string) => {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
};

/** Fingerprints of every source file outside node_modules that a bundle can include (functions/). */
function sourceFingerprints(rootDir: string): Map<string, string> {
  const prints = new Map<string, string>();
  const walk = (relativeDir: string) => {
    for (const entry of readdirSync(join(rootDir, relativeDir), { withFileTypes: true })) {
      const relativePath = join(relativeDir, entry.name);
      if (entry.isDirectory()) walk(relativePath);
      else prints.set(relativePath, fingerprint(join(rootDir, relativePath)));
    }
  };
  walk('functions');
  return prints;
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Builds a function as `sam build` does with BuildMethod esbuild, into
 * `.aws-sam/local-build/<LogicalId>/`; reuses the previous bundle when no input file changed.
 *
 * @example
 * ```ts
 * const { file } = await buildFunction(project.spec('NotifierFunction'), project.rootDir);
 * ```
 */
export async function buildFunction(spec: FunctionSpec, rootDir: string): Promise<BuiltFunction> {
  const dir = join(rootDir, '.aws-sam', 'local-build', spec.logicalId);
  const options = esbuildOptions(spec, dir);
  const entry = (options.entryPoints as string[])[0] ?? '';
  const file = join(dir, `${basename(entry, extname(entry))}.js`);
  const cachePath = join(dir, '.local-build.json');
  const key = JSON.stringify({ ...options, lock: fingerprint(join(rootDir, 'package-lock.json')) });
  if (existsSync(cachePath) && existsSync(file)) {
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as CacheRecord;
    const unchanged = Object.entries(cache.inputs).every(
      ([path, print]) => fingerprint(join(rootDir, path)) === print,
    );
    if (cache.key === key && unchanged) return { dir, file, cached: true, bytes: statSync(file).size };
  }
  mkdirSync(dir, { recursive: true });
  // Fingerprints are taken BEFORE esbuild reads the sources: a file edited during the build then
  // differs from its recorded print, and the next run rebuilds instead of trusting a stale bundle.
  const before = sourceFingerprints(rootDir);
  const result = await build({ ...options, absWorkingDir: rootDir, write: false });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile?.inputs ?? {})
      .filter((path) => !path.includes('node_modules/'))
      .map((path) => {
        const relativePath = relative(rootDir, join(rootDir, path));
        return [relativePath, before.get(relativePath) ?? 'unknown'];
      }),
  );
  // Concurrent runs (jest workers) may build the same function while another process loads it:
  // every file is written under a temporary name and renamed into place, which is atomic.
  for (const output of result.outputFiles ?? []) writeAtomically(output.path, output.contents);
  writeAtomically(cachePath, JSON.stringify({ key, inputs } satisfies CacheRecord));
  return { dir, file, cached: false, bytes: statSync(file).size };
}
