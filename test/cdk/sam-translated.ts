import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { CfnTemplate } from '../../local/template/cfn-yaml';
import { projectRoot } from '../template/project';
import { REGION } from '../template/deployed';

const probe = spawnSync('python3', ['-c', 'import samtranslator; print(samtranslator.__version__)'], {
  encoding: 'utf8',
});

/** The SAM translator's version where python3 has it (cfn-lint ships it), else undefined. */
export const samTranslatorVersion = probe.status === 0 ? probe.stdout.trim() : undefined;

/**
 * template.yaml translated to plain CloudFormation by the SAM translator, as `sam deploy` (and cfn-lint)
 * would: the resources SAM generates (roles, rules, permissions, event invoke configs) appear as such.
 *
 * @example
 * ```ts
 * samTranslatedTemplate().Resources.NotifierFunctionRole?.Type; // 'AWS::IAM::Role'
 * ```
 */
export function samTranslatedTemplate(): CfnTemplate {
  const script = path.join(projectRoot, 'test', 'cdk', 'sam-translate.py');
  const run = spawnSync('python3', [script, path.join(projectRoot, 'template.yaml'), REGION], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`SAM translation failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as CfnTemplate;
}
