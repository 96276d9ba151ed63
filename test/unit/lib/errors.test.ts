import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describeError } from '../../../functions/lib/errors';

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

describe('describeError', () => {
  it('describes any thrown value without throwing itself (a failure result is always made)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true }), (value) => {
        expect(typeof describeError(value)).toBe('string');
      }),
      { numRuns: 1_000 },
    );
    expect(describeError(Object.create(null))).toBe('[object Object]');
  });
});
