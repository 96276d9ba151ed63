import { existsSync, readFileSync } from 'node:fs';

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

/** The key = value pairs of the sections of a samconfig.toml (only strings and string arrays). */
function readSections(text: string): Map<string, Record<string, string | string[]>> {
  const sections = new Map<string, Record<string, string | string[]>>();
  let current: Record<string, string | string[]> = {};
  for (const line of text.split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = {};
      sections.set((header[1] ?? '').trim(), current);
      continue;
    }
    const pair = /^\s*([A-Za-z0-9_]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (!pair) continue;
    const raw = pair[2] ?? '';
    const strings = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) =>
      (m[1] ?? m[2] ?? '').replace(/\\"/g, '"'),
    );
    current[pair[1] ?? ''] = raw.startsWith('[') ? strings : (strings[0] ?? raw);
  }
  return sections;
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
  const sections = existsSync(path) ? readSections(readFileSync(path, 'utf8')) : new Map();
  const global = sections.get(`${configEnv}.global.parameters`) ?? {};
  const local = sections.get(`${configEnv}.local_invoke.parameters`) ?? {};
  const overrides = (section: Record<string, string | string[]>) =>
    section.parameter_overrides ? parseParameterOverrides(section.parameter_overrides) : {};
  const region = (local.region ?? global.region) as string | undefined;
  return { parameterOverrides: { ...overrides(global), ...overrides(local) }, region };
}
