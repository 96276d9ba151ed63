import path from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync } from 'esbuild';
import { sharedFunctionProps } from '../description/shared';

/** The repository root: every entry point and its dependencies resolve from here (SAM's `CodeUri: .`). */
const projectRoot = path.resolve(__dirname, '..', '..');

/**
 * Never used: the bundle is built by the local esbuild (a dependency of pipewright), which either builds
 * it or fails the synth, so CDK never falls back to Docker.
 */
const NO_DOCKER = DockerImage.fromRegistry('pipewright-bundles-with-local-esbuild-only');

/**
 * Bundles one entry point with the local esbuild. Its options are data of the object: CDK tells assets
 * apart by their bundling options, so two entry points never share a bundle.
 */
class LocalEsbuild implements ILocalBundling {
  readonly options: BuildOptions;

  constructor(entryPoint: string) {
    const { build } = sharedFunctionProps;
    this.options = {
      entryPoints: [path.join(projectRoot, entryPoint)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: build.target,
      minify: build.minify,
      sourcemap: build.sourcemap,
      mainFields: [...build.mainFields],
      absWorkingDir: projectRoot,
      logLevel: 'warning',
    };
  }

  tryBundle(outputDir: string): boolean {
    buildSync({ ...this.options, outdir: outputDir });
    return true;
  }
}

/**
 * A function's code: its entry point bundled by the local esbuild with the description's settings, as
 * SAM's esbuild workflow bundles it (`index.js` and its source map). Stacks left out of
 * `aws:cdk:bundling-stacks` are not bundled (a placeholder hash stands in): synth tests stay fast.
 *
 * @example
 * ```ts
 * new lambda.Function(this, 'Fn', { code: bundledCode('functions/notifier/index.ts'), ... });
 * ```
 */
export function bundledCode(entryPoint: string): lambda.Code {
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: { image: NO_DOCKER, local: new LocalEsbuild(entryPoint) },
  });
}
