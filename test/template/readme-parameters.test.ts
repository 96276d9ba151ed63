import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTemplate, projectRoot } from './project';

const parameters = loadTemplate().Parameters ?? {};
const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');

/** `| \`Name\` | default | meaning |` rows of the README's parameters table, by name. */
function parameterRows(): Map<string, string> {
  const table = readme.slice(readme.indexOf('| parameter '));
  const rows = new Map<string, string>();
  for (const line of table.split('\n')) {
    if (!line.startsWith('|')) break;
    const [, name, value] = line.split('|').map((cell) => cell.trim());
    if (name?.startsWith('`')) rows.set(name.slice(1, -1), value!);
  }
  return rows;
}

describe("the README's parameters table", () => {
  it('lists every template parameter, and only those, with its default', () => {
    const rows = parameterRows();
    expect([...rows.keys()].sort()).toEqual(Object.keys(parameters).sort());
    for (const [name, parameter] of Object.entries(parameters)) {
      const documented = parameter.Default === '' ? 'empty' : `\`${String(parameter.Default)}\``;
      expect(`${name}: ${rows.get(name)}`).toBe(`${name}: ${documented}`);
    }
  });

  it('says how to narrow each wide default (HookTargetFunctions, ExportableParameterPath, PipelineNames)', () => {
    const narrowing = readme.slice(readme.indexOf('Defaults that stay wide'));
    for (const name of ['HookTargetFunctions', 'ExportableParameterPath', 'PipelineNames']) {
      expect(narrowing).toMatch(new RegExp(`^\\| \`${name}\` +\\|[^|]+\\|[^|]*\\S[^|]*\\|$`, 'm'));
    }
  });
});
