import { spawnSync } from 'node:child_process';

const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });

/** cfn-lint's version where it is installed (this project's machines ship it), else undefined. */
export const cfnLintVersion = version.status === 0 ? version.stdout.trim() : undefined;

/**
 * Findings CDK itself writes into every synthesized template, never pipewright's constructs: a Lambda
 * function's `DependsOn` on its role next to a `GetAtt` of it (W3005), and CDK Pipelines' `Fn::Join` ARNs
 * (E3703, a style rule).
 */
const CDK_OWN_FINDINGS = ['W3005', 'E3703'];

/**
 * Lints synthesized templates; `''` when clean.
 *
 * @example
 * ```ts
 * expect(cfnLint(['cdk.out/App.template.json'])).toBe('');
 * ```
 */
export function cfnLint(files: string[]): string {
  const run = spawnSync('cfn-lint', ['--ignore-checks', ...CDK_OWN_FINDINGS, '--', ...files], {
    encoding: 'utf8',
  });
  return `${run.stdout}${run.stderr}`.trim();
}
