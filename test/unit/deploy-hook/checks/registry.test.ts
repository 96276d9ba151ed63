import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../../../../functions/deploy-hook/checks';

const docs = readFileSync(join(__dirname, '../../../../docs/deploy-hook.md'), 'utf8');

/** The rows of the "### Checks" table: check name → its "passes when" cell. */
function documentedChecks(): Map<string, string> {
  const section = docs.slice(docs.indexOf('### Checks'));
  const rows = section.split('\n').filter((line) => /^\| `[a-z-]+`/.test(line));
  return new Map(
    rows.map((row) => {
      const cells = row.split('|').map((cell) => cell.trim());
      return [/`([a-z-]+)`/.exec(cells[1]!)![1]!, cells[3]!];
    }),
  );
}

describe('check registry', () => {
  it('gives every check a one-line description', () => {
    for (const check of checks.values()) expect(check.description).toMatch(/^[^\n]{10,200}$/);
  });

  it('is what docs/deploy-hook.md lists: every check once, its "passes when" column its description', () => {
    const documented = documentedChecks();
    expect([...documented.keys()].sort()).toEqual([...checks.keys()].sort());
    for (const check of checks.values()) expect(documented.get(check.name)).toBe(check.description);
  });
});
