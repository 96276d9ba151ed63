import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'smol-toml';

/** A value of a samconfig.toml `parameters` table: strings, booleans, numbers, string arrays. */
export type SamconfigValue = string | boolean | number | string[];

/** environment → table (`deploy.parameters`, …) → key → value. */
export type Samconfig = Record<string, Record<string, Record<string, SamconfigValue>>>;

/** A samconfig.toml or a `--parameter-overrides` value that SAM CLI would not accept. */
export class SamconfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SamconfigError';
  }
}

/**
 * Splits on unquoted whitespace; quotes ("…" with \" escapes, '…') are removed, as a shell does.
 *
 * @example
 * ```ts
 * shellWords(`Stage=prod Name="two words"`); // ['Stage=prod', 'Name=two words']
 * ```
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (quote === '"' && char === '\\' && text[i + 1] === '"') word += text[++i]!;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote) throw new SamconfigError(`parameter overrides: a ${quote} quote is not closed in ${text}`);
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * Parses `--parameter-overrides` / samconfig `parameter_overrides` like SAM CLI: `Key=Value` pairs
 * separated by spaces (values may be quoted) or CloudFormation's `ParameterKey=K,ParameterValue=V`;
 * a string array is the same pairs one per item. A word that is neither is an error naming it.
 *
 * @example
 * ```ts
 * parseParameterOverrides('Stage=prod ConfigPath=/pipewright/prod/'); // { Stage: 'prod', ConfigPath: '/pipewright/prod/' }
 * ```
 */
export function parseParameterOverrides(value: string | string[]): Record<string, string> {
  const words = (Array.isArray(value) ? value : [value]).flatMap(shellWords);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const word of words) {
    const long = /^ParameterKey=([A-Za-z0-9]+),ParameterValue=(.*)$/s.exec(word);
    const pair = long ?? /^([A-Za-z0-9]+)=(.*)$/s.exec(word);
    if (!pair) {
      throw new SamconfigError(
        `parameter overrides: "${word}" is not Key=Value (a template parameter name, "=", its value)`,
      );
    }
    out[pair[1]!] = pair[2]!;
  }
  return out;
}

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function samconfigValue(value: unknown, where: string): SamconfigValue {
  if (['string', 'boolean', 'number'].includes(typeof value)) return value as string | boolean | number;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new SamconfigError(`${where}: expected a string, boolean, number or string array`);
}

/**
 * Reads a samconfig.toml (TOML, parsed by smol-toml) into SAM's shape: `version` at the top, then
 * `[<environment>.<command>.parameters]` tables (`command` may be dotted or `local_invoke`-style).
 * Anything else is an error naming the file, line and key.
 *
 * @example
 * ```ts
 * readSamconfig('samconfig.toml').prod['deploy.parameters'].confirm_changeset; // true
 * ```
 */
export function readSamconfig(path: string): Samconfig {
  let document: Record<string, unknown>;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SamconfigError(`${path}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const config: Samconfig = Object.create(null) as Samconfig;
  for (const [env, commands] of Object.entries(document)) {
    if (env === 'version') continue;
    if (!isTable(commands)) throw new SamconfigError(`${path}: ${env} is not an environment table`);
    config[env] = Object.create(null) as Samconfig[string];
    const visit = (table: Record<string, unknown>, command: string[]) => {
      for (const [key, value] of Object.entries(table)) {
        if (!isTable(value)) {
          throw new SamconfigError(
            `${path}: ${[env, ...command, key].join('.')} is outside a [<env>.<command>.parameters] table`,
          );
        }
        if (key !== 'parameters') {
          visit(value, [...command, key]);
          continue;
        }
        const name = `${command.join('.')}.parameters`;
        config[env]![name] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, samconfigValue(v, `${path}: [${env}.${name}] ${k}`)]),
        );
      }
    };
    visit(commands, []);
  }
  return config;
}

/**
 * What `sam local invoke` reads from samconfig.toml, with SAM CLI's precedence: each key of
 * `[<env>.local_invoke.parameters]`, else of `[<env>.global.parameters]` — `parameter_overrides` is
 * one key, so the command's value replaces the global one whole (pairs are not merged).
 *
 * @example
 * ```ts
 * localInvokeSettings('samconfig.toml').parameterOverrides; // { Stage: 'dev', ConfigPath: '/pipewright/dev/', LogLevel: 'DEBUG' }
 * ```
 */
export function localInvokeSettings(path: string, configEnv = 'default') {
  const config = existsSync(path) ? readSamconfig(path) : undefined;
  const environment = config?.[configEnv];
  if (config && !environment && configEnv !== 'default') {
    throw new SamconfigError(
      `--config-env ${configEnv}: ${path} has no such environment (it has: ${Object.keys(config).join(', ')})`,
    );
  }
  const settings = {
    ...environment?.['global.parameters'],
    ...environment?.['local_invoke.parameters'],
  };
  const overrides = settings.parameter_overrides;
  return {
    parameterOverrides:
      typeof overrides === 'string' || Array.isArray(overrides) ? parseParameterOverrides(overrides) : {},
    region: typeof settings.region === 'string' ? settings.region : undefined,
  };
}
