import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTemplate } from '../../local/template/cfn-yaml';

/** The words after `--name` up to the next option (`--parameters A B` → `[A, B]`). */
function values(words: string[], name: string): string[] {
  const at = words.indexOf(name);
  if (at < 0) return [];
  const end = words.findIndex((word, i) => i > at && word.startsWith('--'));
  return words.slice(at + 1, end < 0 ? undefined : end);
}

/** `create-stack-set` / `update-stack-set`: the template exists, its parameters are given with values it accepts. */
function checkStackSet(words: string[], cwd: string): string[] {
  const [body] = values(words, '--template-body');
  const file = body?.replace(/^file:\/\//, '');
  if (!file || !existsSync(resolve(cwd, file))) return [`--template-body ${body}: no such file`];
  const template = readTemplate(resolve(cwd, file));
  const declared = (template.Parameters ?? {}) as Record<
    string,
    { Default?: unknown; AllowedPattern?: string }
  >;
  const given = new Map(
    values(words, '--parameters').map((word) => {
      const [, key = word, value = ''] = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(word) ?? [];
      return [key, value] as const;
    }),
  );
  const problems = [...given].flatMap(([key, value]) => {
    const parameter = declared[key];
    if (!parameter) return [`--parameters ${key}: ${file} has no such parameter`];
    const pattern = parameter.AllowedPattern;
    return pattern && !new RegExp(pattern).test(value)
      ? [`--parameters ${key}=${value}: not ${pattern}`]
      : [];
  });
  if (words[1] === 'create-stack-set') {
    const missing = Object.keys(declared).filter(
      (key) => declared[key]!.Default === undefined && !given.has(key),
    );
    if (missing.length) problems.push(`create-stack-set: also give ${missing.join(', ')} (no default)`);
  }
  const named = Object.values(template.Resources).some(
    (r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName,
  );
  if (named && !values(words, '--capabilities').includes('CAPABILITY_NAMED_IAM'))
    problems.push(`${file} names an IAM role: --capabilities CAPABILITY_NAMED_IAM`);
  return problems;
}

/**
 * `aws cloudformation …` of the docs: stack set commands name a template that exists, its parameters
 * with values it accepts, the capability it needs, and where to deploy; `describe-stacks` a stack.
 *
 * @example
 * ```ts
 * checkCloudFormation(['cloudformation', 'describe-stacks', '--stack-name', 'pipewright-prod'], root); // []
 * ```
 */
export function checkCloudFormation(words: string[], cwd: string): string[] {
  switch (words[1]) {
    case 'create-stack-set':
    case 'update-stack-set':
      return checkStackSet(words, cwd);
    case 'create-stack-instances': {
      const where = values(words, '--deployment-targets').length || values(words, '--accounts').length;
      const ok = values(words, '--stack-set-name').length && values(words, '--regions').length && where;
      return ok
        ? []
        : ['create-stack-instances needs --stack-set-name, --regions and --deployment-targets or --accounts'];
    }
    case 'describe-stacks':
      return values(words, '--stack-name').length ? [] : ['describe-stacks needs --stack-name'];
    default:
      return [`aws cloudformation ${words[1]}: no checker (add one in test/docs/check-cloudformation.ts)`];
  }
}
