import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';

describe('error classes', () => {
  it('keep their names in a minified bundle (log lines and failure reports show them)', async () => {
    const bundle = await build({
      stdin: {
        contents: `import * as errors from './functions/lib/errors';
          module.exports = Object.values(errors).filter((v) => typeof v === 'function' && v.prototype instanceof Error)
            .map((E) => [E.name, new E('m', []).name]);`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      write: false,
    });
    const sandbox = { module: { exports: [] as Array<[string, string]> } };
    runInNewContext(bundle.outputFiles[0]!.text, sandbox);
    const names = sandbox.module.exports.map(([, instanceName]) => instanceName).sort();
    expect(names).toEqual([
      'ConfigParameterError',
      'ConfigurationError',
      'DeadlineExceededError',
      'PipewrightError',
      'TransientAwsError',
      'UnsupportedEventError',
    ]);
  });
});
