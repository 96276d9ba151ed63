import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as z from 'zod';
import { formatIssues } from '../functions/lib/schema';

/** A JSON file given to the runner (event, state, env vars) that cannot be read or is not JSON. */
export class JsonFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JsonFileError';
  }
}

/** `line 3, column 7` of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Where JSON.parse stopped, from its message (`at position 12`, or `line 2 column 5` on newer Node). */
function wherePositioned(text: string, message: string): string | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  return position ? lineAndColumn(text, Number(position[1])) : undefined;
}

/**
 * Reads and parses a JSON file, failing with one line that names the option and the file (as the
 * user wrote it) and says what is wrong: `--event events/x.json: no such file (looked for /repo/events/x.json)`
 * or `--event events/x.json: not valid JSON at line 3, column 7 (Expected ',' or '}' …)`. A relative
 * `path` is read from `baseDir` (default: the current directory).
 *
 * @example
 * ```ts
 * const event = readJsonFile('events/notifier/pipeline-failed.json', '--event');
 * ```
 */
export function readJsonFile(path: string, what: string, baseDir?: string): unknown {
  const absolute = baseDir === undefined ? resolve(path) : resolve(baseDir, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such file (looked for ${absolute})`
        : code === 'EISDIR'
          ? 'is a directory, expected a JSON file'
          : code === 'EACCES'
            ? 'not readable (permission denied)'
            : `cannot be read (${(error as Error).message})`;
    throw new JsonFileError(`${what} ${path}: ${why}`, { cause: error });
  }
  if (text.trim() === '') throw new JsonFileError(`${what} ${path}: the file is empty, expected JSON`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const where = wherePositioned(text, message);
    const why = message.replace(/,? (in JSON )?at position \d+( \(line \d+ column \d+\))?/, '');
    throw new JsonFileError(`${what} ${path}: not valid JSON${where ? ` at ${where}` : ''} (${why})`, {
      cause: error,
    });
  }
}

/**
 * Checks the parsed content of a JSON file against `schema`, failing with one {@link JsonFileError}
 * line that names the option, the file and each wrong field in the project's plain words
 * (`--state mine.json: ssm.parameters: expected a list, got "oops"`). Returns the parsed value.
 *
 * @example
 * ```ts
 * const vars = checkJsonFile(envVarsSchema, readJsonFile(path, '--env-vars'), path, '--env-vars');
 * ```
 */
export function checkJsonFile<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new JsonFileError(`${what} ${path}: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}
