import path from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { type CfnTemplate, projectRoot } from './project';

/** The esbuild options SAM's esbuild workflow derives from a function's `Metadata.BuildProperties`. */
function samBuildOptions(template: CfnTemplate, logicalId: string): BuildOptions {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`No resource ${logicalId} in the template`);
  const props = (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>;
  const codeUri = String(resource.Properties?.CodeUri ?? '.');
  const entryPoints = (props.EntryPoints as string[]).map((entry) => path.join(projectRoot, codeUri, entry));
  return {
    entryPoints,
    bundle: true,
    platform: 'node',
    format: (props.Format as 'cjs' | 'esm' | undefined) ?? 'cjs',
    target: String(props.Target ?? 'es2020'),
    minify: props.Minify === true,
    sourcemap: props.Sourcemap === true,
    mainFields: String(props.MainFields ?? 'main').split(','),
    external: (props.External as string[] | undefined) ?? [],
    absWorkingDir: projectRoot,
    logLevel: 'silent',
  };
}

/** A function's bundle as SAM would build it, kept in memory. */
export interface FunctionBundle {
  /** The JavaScript of the entry point's output. */
  code: string;
  /** esbuild's metafile: every input and how many of its bytes survived tree shaking. */
  metafile: Metafile;
  /** Inputs that contributed bytes to the output (paths relative to the project root). */
  includedInputs: string[];
}

/**
 * Builds a function's entry point with the template's BuildProperties (in memory, metafile on).
 *
 * @example
 * ```ts
 * const { code } = await buildFunction(loadTemplate(), 'NotifierFunction');
 * ```
 */
export async function buildFunction(template: CfnTemplate, logicalId: string): Promise<FunctionBundle> {
  const result = await build({
    ...samBuildOptions(template, logicalId),
    outdir: path.join(projectRoot, '.aws-sam', 'template-test', logicalId),
    write: false,
    metafile: true,
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1];
  if (!js || !output) throw new Error(`esbuild produced no JavaScript for ${logicalId}`);
  const includedInputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
  return { code: js.text, metafile: result.metafile, includedInputs };
}
