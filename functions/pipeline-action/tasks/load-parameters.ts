import { GetParametersByPathCommand, type Parameter } from '@aws-sdk/client-ssm';
import * as z from 'zod';
import { normalisePath } from '../../lib/config';
import { ConfigurationError } from '../../lib/errors';
import { outputVariableProblems, sanitiseKey } from './support/output-variables';
import { countText, listText } from '../../lib/text';
import { ssm } from './support/ssm-client';
import { defineTask } from './task';

const params = z.strictObject({
  path: z.string().startsWith('/', 'must start with "/"'),
  recursive: z.boolean().default(true),
  /** `relative` (default): path below `path`, segments joined with `_`; `last`: last segment only. */
  namespaceKeys: z.enum(['relative', 'last']).default('relative'),
  allowEmpty: z.boolean().default(false),
});

async function readPath(path: string, recursive: boolean): Promise<Parameter[]> {
  const found: Parameter[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ssm().send(
      new GetParametersByPathCommand({ Path: path, Recursive: recursive, WithDecryption: false, NextToken }),
    );
    found.push(...(page.Parameters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

function keyOf(name: string, base: string, mode: 'relative' | 'last'): string {
  const segments = name
    .slice(base === '/' ? 1 : base.length + 1)
    .split('/')
    .filter(Boolean);
  return sanitiseKey(mode === 'last' ? (segments.at(-1) ?? name) : segments.join('_'));
}

/**
 * `load-parameters`: exports the String / StringList parameters under a Parameter Store path as output
 * variables (`/app/prod/db/host` under `/app/prod/` → `db_host`, used as `#{Namespace.db_host}`).
 * SecureString values are never exported: they are skipped and named in the summary.
 *
 * @example UserParameters
 * ```json
 * {"task":"load-parameters","path":"/app/prod/"}
 * ```
 */
export const loadParametersTask = defineTask({
  name: 'load-parameters',
  description: 'Parameter Store path → output variables (SecureString skipped)',
  params,
  state: z.never(),
  async run(p) {
    const base = normalisePath(p.path);
    const all = await readPath(base, p.recursive);
    const secure = all.filter((x) => x.Type === 'SecureString').map((x) => x.Name!);
    // Null prototype: a parameter named `__proto__` is a variable like any other, not a prototype change.
    const variables: Record<string, string> = Object.create(null);
    const sources = new Map<string, string>();
    for (const parameter of all.filter((x) => x.Type !== 'SecureString')) {
      const key = keyOf(parameter.Name!, base, p.namespaceKeys);
      if (sources.has(key)) {
        throw new ConfigurationError(
          `${sources.get(key)} and ${parameter.Name} both become output variable "${key}"; use "namespaceKeys":"relative" or rename one`,
        );
      }
      sources.set(key, parameter.Name!);
      variables[key] = parameter.Value ?? '';
    }
    if (all.length === 0 && !p.allowEmpty) {
      throw new ConfigurationError(
        `No parameters under ${base} (check the path, and that the function's role may read it; set "allowEmpty":true if empty is fine)`,
      );
    }
    const problems = outputVariableProblems(variables);
    if (problems.length > 0) {
      return {
        status: 'failed',
        message: `Parameters under ${base} cannot be exported: ${problems.join('; ')}`,
      };
    }
    const keys = Object.keys(variables);
    const skipped = secure.length
      ? `; skipped ${secure.length} SecureString (never exported): ${listText(secure)}`
      : '';
    return {
      status: 'succeeded',
      summary: `Loaded ${countText(keys.length, 'parameter')} from ${base} as output variables: ${keys.join(', ') || 'none'}${skipped}`,
      outputVariables: variables,
    };
  },
});
