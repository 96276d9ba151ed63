import { existsSync, readFileSync } from 'node:fs';

/** A TOML value of the subset samconfig.toml uses: strings, booleans, numbers, string arrays. */
export type SamconfigValue = string | boolean | number | string[];

/** environment → table (`deploy.parameters`, …) → key → value. */
export type Samconfig = Record<string, Record<string, Record<string, SamconfigValue>>>;

/** Splits `Key=Value Other="two words"` (or an array of `Key=Value`) into a map. */
export function parseParameterOverrides(value: string | string[]): Record<string, string> {
  const text = Array.isArray(value) ? value.join(' ') : value;
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z0-9]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = match[2] ?? '';
    out[match[1] ?? ''] = /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\"/g, '"') : raw;
  }
  return out;
}

function tomlValue(raw: string, where: string): SamconfigValue {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^"([^"\\]|\\.)*"$/.test(raw)) return JSON.parse(raw) as string;
  if (/^\[.*\]$/.test(raw)) return JSON.parse(raw) as string[];
  throw new Error(`${where}: unsupported TOML value ${raw}`);
}

/**
 * Reads a samconfig.toml with a strict reader of the TOML subset SAM config files need (comments,
 * `[env.command.parameters]` tables, `key = value` with strings, booleans, numbers, string arrays):
 * anything else is an error, so the file stays simple enough to be sure it is valid TOML.
 *
 * @example
 * ```ts
 * readSamconfig('samconfig.toml').prod['deploy.parameters'].confirm_changeset; // true
 * ```
 */
export function readSamconfig(path: string): Samconfig {
  const config: Samconfig = {};
  let table: Record<string, SamconfigValue> | undefined;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const text = line.trim();
      const where = `${path}:${index + 1}`;
      if (text === '' || text.startsWith('#')) return;
      const header = /^\[([a-z0-9_]+)\.([a-z0-9_.]+)\]$/.exec(text);
      if (header) {
        const [, env, name] = header;
        config[env!] ??= {};
        if (config[env!]![name!]) throw new Error(`${where}: table [${env}.${name}] defined twice`);
        table = config[env!]![name!] = {};
        return;
      }
      const pair = /^([a-z0-9_]+)\s*=\s*(.+)$/.exec(text);
      if (!pair) throw new Error(`${where}: not a table header or key = value line`);
      if (pair[1] === 'version' && table === undefined) return;
      if (!table) throw new Error(`${where}: key outside a table`);
      table[pair[1]!] = tomlValue(pair[2]!, where);
    });
  return config;
}

/**
 * What `sam local invoke` reads from samconfig.toml: `parameter_overrides` and `region` of
 * `[<env>.global.parameters]`, overridden by `[<env>.local_invoke.parameters]`.
 *
 * @example
 * ```ts
 * localInvokeSettings('samconfig.toml').parameterOverrides; // { Stage: 'dev', ConfigPath: '/pipewright/dev/' }
 * ```
 */
export function localInvokeSettings(path: string, configEnv = 'default') {
  const environment = existsSync(path) ? (readSamconfig(path)[configEnv] ?? {}) : {};
  const global = environment['global.parameters'] ?? {};
  const local = environment['local_invoke.parameters'] ?? {};
  const overrides = (table: Record<string, SamconfigValue>) =>
    typeof table.parameter_overrides === 'string' || Array.isArray(table.parameter_overrides)
      ? parseParameterOverrides(table.parameter_overrides)
      : {};
  const region = (local.region ?? global.region) as string | undefined;
  return { parameterOverrides: { ...overrides(global), ...overrides(local) }, region };
}
