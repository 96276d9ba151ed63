import * as z from 'zod';
import { checkJsonFile, readJsonFile } from '../json-file';

/** A variable's value as `sam local invoke --env-vars` takes it: text, a number or a boolean. */
const value = z.union([z.string(), z.number(), z.boolean()]);

/** SAM CLI's `--env-vars` file: `{ "<LogicalId>": { "NAME": value }, "Parameters": { "NAME": value } }`. */
const envVarsFileSchema = z.record(z.string(), z.record(z.string(), value));

/** The overrides `--env-vars` gives one function, and the names it gives that the function does not declare. */
export interface EnvVarOverrides {
  /** Variable → value (as text), only for variables the function declares in template.yaml. */
  env: Record<string, string>;
  /** Names the file sets for this function that template.yaml does not declare for it (not passed). */
  ignored: string[];
}

/** SAM CLI's conversion: booleans as `true` / `false`, numbers and text as written. */
const asText = (v: z.infer<typeof value>) => (typeof v === 'string' ? v : String(v));

/**
 * Reads an `--env-vars` file with SAM CLI's semantics: `Parameters` applies to every function, the
 * function's own `<LogicalId>` object over it; only variables the function declares (its template
 * `Environment.Variables`, Globals included) are overridden — the others are `ignored`, as
 * `sam local invoke` ignores them; values are text, numbers or booleans, passed as text. A file
 * that is not in this shape fails with a JsonFileError naming the file and the field.
 *
 * @example
 * ```ts
 * envVarOverrides('env.json', 'NotifierFunction', spec.environment, process.cwd());
 * // { env: { LOG_LEVEL: 'DEBUG' }, ignored: ['NOT_DECLARED'] }
 * ```
 */
export function envVarOverrides(
  path: string,
  logicalId: string,
  declared: Record<string, string>,
  baseDir?: string,
): EnvVarOverrides {
  const file = checkJsonFile(
    envVarsFileSchema,
    readJsonFile(path, '--env-vars', baseDir),
    path,
    '--env-vars',
  );
  const given = {
    ...(Object.hasOwn(file, 'Parameters') ? file.Parameters : {}),
    ...(Object.hasOwn(file, logicalId) ? file[logicalId] : {}),
  };
  const env: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, v] of Object.entries(given)) {
    if (Object.hasOwn(declared, name)) env[name] = asText(v);
    else ignored.push(name);
  }
  return { env, ignored };
}
