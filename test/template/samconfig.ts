import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project';

/** A TOML value of the subset samconfig.toml uses: strings, booleans, numbers, string arrays. */
export type SamconfigValue = string | boolean | number | string[];

/** environment → table (`deploy.parameters`, …) → key → value. */
export type Samconfig = Record<string, Record<string, Record<string, SamconfigValue>>>;

function value(raw: string, where: string): SamconfigValue {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^"([^"\\]|\\.)*"$/.test(raw)) return JSON.parse(raw) as string;
  if (/^\[.*\]$/.test(raw)) return JSON.parse(raw) as string[];
  throw new Error(`${where}: unsupported TOML value ${raw}`);
}

/**
 * Reads samconfig.toml with a strict reader of the TOML subset SAM config files need (comments,
 * `[env.command.parameters]` tables, `key = value` with strings, booleans, numbers, string arrays):
 * anything else is an error, so the file stays simple enough to be sure it is valid TOML.
 */
export function samconfigEnvironments(file = path.join(projectRoot, 'samconfig.toml')): Samconfig {
  const config: Samconfig = {};
  let table: Record<string, SamconfigValue> | undefined;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const text = line.trim();
      const where = `samconfig.toml:${index + 1}`;
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
      table[pair[1]!] = value(pair[2]!, where);
    });
  return config;
}
