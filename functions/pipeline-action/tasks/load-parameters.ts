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

/** Pages read before giving up: GetParametersByPath returns at most 10 parameters per page (default: 100). */
const MAX_PAGES = 100;

/**
 * Reads the parameters under `path` page by page, handing each page to `take`, until the last page or
 * until `take` returns true (nothing more can help). Returns whether pages were left unread; more than
 * {@link MAX_PAGES} pages is a ConfigurationError (a path that broad is not a set of output variables).
 */
async function readPath(path: string, recursive: boolean, take: (page: Parameter[]) => boolean) {
  let NextToken: string | undefined;
  for (let pages = 0; pages === 0 || NextToken; pages++) {
    if (pages === MAX_PAGES) {
      throw new ConfigurationError(
        `More than ${MAX_PAGES * 10} parameters under ${path} (${MAX_PAGES} pages of GetParametersByPath): choose a narrower path`,
      );
    }
    const page = await ssm().send(
      new GetParametersByPathCommand({ Path: path, Recursive: recursive, WithDecryption: false, NextToken }),
    );
    NextToken = page.NextToken;
    if (take(page.Parameters ?? [])) return NextToken !== undefined;
  }
  return false;
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
 * SecureString values are never exported: they are skipped and named in the summary. Reading stops
 * as soon as the variables are over CodePipeline's 122,880-byte limit (the job then fails saying so),
 * and after at most 100 pages (1,000 parameters).
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
    const secure: string[] = [];
    let count = 0;
    // Null prototype: a parameter named `__proto__` is a variable like any other, not a prototype change.
    const variables: Record<string, string> = Object.create(null);
    const sources = new Map<string, string>();
    // Once the variables read are over CodePipeline's size limit, more pages cannot bring them under it.
    const leftUnread = await readPath(base, p.recursive, (page) => {
      count += page.length;
      for (const parameter of page) {
        if (parameter.Type === 'SecureString') {
          secure.push(parameter.Name!);
          continue;
        }
        const key = keyOf(parameter.Name!, base, p.namespaceKeys);
        if (sources.has(key)) {
          throw new ConfigurationError(
            `${sources.get(key)} and ${parameter.Name} both become output variable "${key}"; use "namespaceKeys":"relative" or rename one`,
          );
        }
        sources.set(key, parameter.Name!);
        variables[key] = parameter.Value ?? '';
      }
      return outputVariableProblems(variables).length > 0;
    });
    if (count === 0 && !p.allowEmpty) {
      throw new ConfigurationError(
        `No parameters under ${base} (check the path, and that the function's role may read it; set "allowEmpty":true if empty is fine)`,
      );
    }
    const problems = outputVariableProblems(variables);
    if (problems.length > 0) {
      return {
        status: 'failed',
        message: `Parameters under ${base} cannot be exported: ${problems.join('; ')}${leftUnread ? ` (reading stopped after ${countText(count, 'parameter')}: more cannot make them fit)` : ''}`,
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
