import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { notifierConfigSchema } from '../../functions/notifier/config';
import { projectRoot } from '../template/project';
import { checkCommandChain } from './check-command';
import { checkJsonExample, checkParameter, checkUserParameters } from './check-config';
import { checks } from '../../functions/deploy-hook/checks';
import { camelCase } from '../../functions/lib/config';
import { taskRegistry } from '../../functions/pipeline-action/tasks/registry';
import { loadState } from '../../local/endpoint/state';
import { type FencedBlock, documentationFiles, fencedBlocks, shellCommands } from './fenced-blocks';
import { codeSpans, markdownTables } from './tables';

const blocks = documentationFiles(projectRoot).flatMap((file) => fencedBlocks(file, projectRoot));
const at = (block: FencedBlock, line = block.line) => `${block.file}:${line}`;
const ofLang = (...langs: string[]) => blocks.filter((b) => langs.includes(b.lang));

/** JSON with comments and trailing commas (STATE-FORMAT.md's jsonc), `/* … *\/` placeholders dropped. */
const parseJsonc = (text: string): unknown =>
  JSON.parse(
    text
      .replace(/\/\*[^*]*\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/,(\s*[}\]])/g, '$1'),
  );

/** Every `key: value` of a parsed YAML/JSON tree, depth first. */
function* entries(node: unknown): Generator<[string, unknown]> {
  if (Array.isArray(node)) for (const item of node) yield* entries(item);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      yield [key, value];
      yield* entries(value);
    }
  }
}

describe('documentation (README.md, docs/*.md, local/*.md)', () => {
  it('has fenced blocks to check', () => {
    expect(ofLang('bash', 'sh').length).toBeGreaterThan(3);
  });

  describe.each(ofLang('bash', 'sh', 'shell').map((block) => [at(block), block] as const))(
    'shell block %s',
    (_where, block) => {
      it.each(shellCommands(block).map((c) => [c.chain.join(' && '), c] as const))(
        'checks out: %s',
        (_command, { chain, line }) => {
          expect({ at: at(block, line), problems: checkCommandChain(chain, projectRoot) }).toEqual({
            at: at(block, line),
            problems: [],
          });
        },
      );
    },
  );

  it.each(ofLang('json').map((block) => [at(block), block] as const))(
    'JSON example %s parses and is valid configuration where it is configuration',
    (where, block) => {
      let documents: unknown[];
      try {
        documents = [JSON.parse(block.text)];
      } catch {
        documents = block.text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as unknown); // JSON lines (logs)
      }
      expect(documents.flatMap((document) => checkJsonExample(document, where))).toEqual([]);
    },
  );

  it.each(ofLang('jsonc').map((block) => [at(block), block] as const))(
    'seeded-state example %s parses, and its configuration parameters exist',
    (where, block) => {
      const state = parseJsonc(block.text) as {
        ssm?: { parameters?: { name: string; value: string; type?: string }[] };
      };
      const problems = (state.ssm?.parameters ?? [])
        .filter((p) => p.name.startsWith('/pipewright/'))
        .flatMap((p) => checkParameter(p.name, p.value, p.type ?? 'String', projectRoot));
      expect({ where, problems }).toEqual({ where, problems: [] });
    },
  );

  it('local/state/*.json seeds only configuration the functions read, with valid values', () => {
    const problems = (loadState().ssm?.parameters ?? [])
      .filter((p) => p.name.startsWith('/pipewright/'))
      .flatMap((p) => checkParameter(p.name, p.value, p.type ?? 'String', projectRoot));
    expect(problems).toEqual([]);
  });

  it.each(ofLang('yaml').map((block) => [at(block), block] as const))(
    'YAML example %s parses, and its UserParameters are valid',
    (where, block) => {
      const document = parseDocument(block.text, { strict: false, prettyErrors: false });
      expect(document.errors.map((e) => e.message)).toEqual([]);
      const problems = [...entries(document.toJS({ maxAliasCount: 10 }))]
        .filter(([key, value]) => key === 'UserParameters' && typeof value === 'string')
        .flatMap(([, value]) =>
          checkUserParameters(JSON.parse(value as string) as Record<string, unknown>, where),
        );
      expect(problems).toEqual([]);
    },
  );

  it('names only npm scripts that package.json has, also in running text', () => {
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const named = documentationFiles(projectRoot).flatMap((file) =>
      // Running text only: shell blocks are checked above, other blocks show output (a user's own npm run …).
      [
        ...readFileSync(file, 'utf8')
          .replace(/^\s*```[\s\S]*?^\s*```/gm, '')
          .matchAll(/npm run ([a-z:-]+)/g),
      ].map((m) => m[1]!),
    );
    expect(named.filter((script) => !Object.hasOwn(scripts, script))).toEqual([]);
  });

  it('explains every column npm run bench prints', () => {
    const bench = readFileSync(join(projectRoot, 'bench', 'run.ts'), 'utf8');
    const columns = [...bench.matchAll(/^\s*\['([^']+)', '/gm)].map((m) => m[1]!);
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    expect(columns.length).toBeGreaterThan(3);
    expect(columns.filter((column) => !readme.includes(`\`${column}\``))).toEqual([]);
  });
});

/** The one table of `file` whose first header cell is `first`. */
function table(file: string, first: string) {
  const found = markdownTables(projectRoot, file).filter((t) => t.header[0] === first);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A default as the docs write it: `x` or `a,b`; "empty" / "(empty …)" is the empty value. */
const documentedDefault = (cell: string) => (/^\(?empty/.test(cell) ? '' : codeSpans(cell).join(', '));

// README's template parameter table: test/template/readme-parameters.test.ts.
describe('documentation tables', () => {
  it("docs/notifier.md's parameter table lists every notifier key, with its default", () => {
    const defaults = notifierConfigSchema.parse({}) as Record<string, unknown>;
    const rows = table('docs/notifier.md', 'parameter').rows.map((row) => [
      camelCase(codeSpans(row[0])[0]!),
      documentedDefault(row[1]!).replace(/, /g, ','),
    ]);
    const shown = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, shown(value)])),
    );
  });

  it('docs/pipeline-action.md lists every task, docs/deploy-hook.md every check', () => {
    const first = (file: string, header: string) =>
      table(file, header)
        .rows.map((row) => codeSpans(row[0])[0])
        .sort();
    expect(first('docs/pipeline-action.md', 'task')).toEqual([...taskRegistry.keys()].sort());
    expect(first('docs/deploy-hook.md', 'check')).toEqual([...checks.keys()].sort());
  });

  it("README's environment variables are ones the functions or the template use", () => {
    const names = table('README.md', 'environment variable').rows.flatMap((row) => codeSpans(row[0]));
    const functions = join(projectRoot, 'functions');
    const sources = [
      join(projectRoot, 'template.yaml'),
      ...readdirSync(functions, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(functions, file)),
    ]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(
      names.filter(
        (name) => !name.startsWith('POWERTOOLS_') && !name.startsWith('AWS_') && !sources.includes(name),
      ),
    ).toEqual([]);
  });
});

describe('the documentation checks', () => {
  it('fail on a notifier key the schema does not have (a renamed key fails the build)', () => {
    const known = Object.keys(notifierConfigSchema.unwrap().shape);
    fc.assert(
      fc.property(
        fc
          .stringMatching(/^[a-z]{1,8}(-[a-z]{1,8}){0,3}$/)
          .filter((key) => !known.includes(key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()))),
        (key) => {
          expect(checkParameter(`/pipewright/dev/notifier/${key}`, 'x', 'String', projectRoot)).toEqual([
            `/pipewright/dev/notifier/${key}: the notifier has no key ${key}`,
          ]);
        },
      ),
      { numRuns: 50 },
    );
    expect(
      checkParameter('/pipewright/dev/notifier/notify-on', 'FAILED', 'StringList', projectRoot),
    ).toHaveLength(1);
  });

  it('fail on a value the schema rejects, an unknown check, a path outside ConfigPath', () => {
    expect(
      checkParameter('/pipewright/prod/notifier/notify-recovery', 'maybe', 'String', projectRoot),
    ).toHaveLength(1);
    expect(
      checkParameter(
        '/pipewright/prod/deploy-hook/apps/a',
        '{"checks":[{"check":"ping"}]}',
        'String',
        projectRoot,
      ),
    ).toEqual(['/pipewright/prod/deploy-hook/apps/a.checks.0: unknown check "ping"']);
    expect(checkParameter('/elsewhere/notifier/notify-recovery', 'true', 'String', projectRoot)).toHaveLength(
      1,
    );
  });

  it('fail on a script, function, config environment or parameter that does not exist', () => {
    expect(checkCommandChain(['npm run demoo'], projectRoot)).toEqual([
      'npm run demoo: package.json has no such script',
    ]);
    expect(checkCommandChain(['sam deploy --config-env staging'], projectRoot)).toEqual([
      '--config-env staging: samconfig.toml has default, prod',
    ]);
    expect(
      checkCommandChain(
        [
          'npm run local -- invoke NotifierFunction --event events/notifier/pipeline-failed.json --parameter-overrides Stage=prod',
        ],
        projectRoot,
      ),
    ).toEqual(['runs with Stage=prod but ConfigPath /pipewright/dev/']);
    expect(
      checkCommandChain(
        ['npm run local -- invoke Notifier --event events/notifier/pipeline-failed.json'],
        projectRoot,
      ),
    ).toEqual(['Notifier is not a function of template.yaml']);
    expect(checkCommandChain(['curl http://x'], projectRoot)).toHaveLength(1);
  });
});
