import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { channelSettings } from '../../functions/chat-delivery/channels';
import { notifierConfigSchema } from '../../functions/notifier/config';
import { COLUMNS, benchLine } from '../../bench/columns';
import { projectRoot } from '../template/project';
import { checkCommandChain } from './check-command';
import { customActionProblems } from './check-custom-actions';
import { checkJsonExample, checkParameter, checkUserParameters } from './check-config';
import { checks } from '../../functions/deploy-hook/checks';
import { camelCase } from '../../functions/lib/config';
import { taskRegistry } from '../../functions/pipeline-action/tasks/registry';
import { servedOperations } from '../../local/endpoint/services';
import { loadState } from '../../local/endpoint/state';
import { endpointStateSchema } from '../../local/endpoint/state-schema';
import { checkJsonFile, readJsonFile } from '../../local/json-file';
import {
  type FencedBlock,
  type ProseSpan,
  documentationFiles,
  fencedBlocks,
  proseCodeSpans,
  shellCommands,
} from './fenced-blocks';
import { codeSpans, markdownTables } from './tables';

const blocks = documentationFiles(projectRoot).flatMap((file) => fencedBlocks(file, projectRoot));
const at = (block: FencedBlock, line = block.line) => `${block.file}:${line}`;
const ofLang = (...langs: string[]) => blocks.filter((b) => langs.includes(b.lang));
/** The schema `--state` files and local/state/*.json are checked against (local/endpoint/state-schema.ts). */
const stateSchema = endpointStateSchema(servedOperations());

/** JSON with comments and trailing commas (STATE-FORMAT.md's jsonc), `/* … *\/` placeholders dropped. */
const parseJsonc = (text: string): unknown =>
  JSON.parse(
    text
      .replace(/\/\*[^*]*\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/,(\s*[}\]])/g, '$1'),
  );

/**
 * Problems of a code span of running text that gives `--parameter-overrides` a value: it must be a
 * whole command (`sam deploy --parameter-overrides "…"`), checked like a documented shell command —
 * an option alone cannot say which samconfig values it drops.
 */
function checkProseOverrides(span: ProseSpan): string[] {
  if (!/--parameter-overrides[\s=]\S/.test(span.text)) return [];
  const where = `${span.file}:${span.line}`;
  if (!/^(sam|npm) /.test(span.text))
    return [`${where}: \`${span.text}\`: write the whole command (sam deploy --parameter-overrides "…")`];
  return checkCommandChain(span.text.split(/\s*&&\s*/), projectRoot).map((problem) => `${where}: ${problem}`);
}

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
    'seeded-state example %s parses, fits the state schema, and its configuration parameters exist',
    (where, block) => {
      const state = checkJsonFile(stateSchema, parseJsonc(block.text), where, 'seeded-state example');
      const problems = (state.ssm?.parameters ?? [])
        .filter((p) => p.name.startsWith('/pipewright/'))
        .flatMap((p) => checkParameter(p.name, p.value, p.type ?? 'String', projectRoot));
      expect({ where, problems }).toEqual({ where, problems: [] });
    },
  );

  it.each(readdirSync(join(projectRoot, 'local', 'state')).filter((name) => name.endsWith('.json')))(
    'local/state/%s fits the state schema of local/STATE-FORMAT.md',
    (name) => {
      const path = join('local', 'state', name);
      expect(() =>
        checkJsonFile(stateSchema, readJsonFile(path, 'state file', projectRoot), path, 'state file'),
      ).not.toThrow();
    },
  );

  it('local/state/*.json seeds only configuration the functions read, with valid values', () => {
    const problems = (loadState().ssm?.parameters ?? [])
      .filter((p) => p.name.startsWith('/pipewright/'))
      .flatMap((p) => checkParameter(p.name, p.value, p.type ?? 'String', projectRoot));
    expect(problems).toEqual([]);
  });

  it.each(ofLang('yaml').map((block) => [at(block), block] as const))(
    'YAML example %s parses, and its UserParameters and custom action properties are valid',
    (where, block) => {
      const document = parseDocument(block.text, { strict: false, prettyErrors: false });
      expect(document.errors.map((e) => e.message)).toEqual([]);
      const tree = document.toJS({ maxAliasCount: 10 }) as unknown;
      const problems = [...entries(tree)]
        .filter(([key, value]) => key === 'UserParameters' && typeof value === 'string')
        .flatMap(([, value]) =>
          checkUserParameters(JSON.parse(value as string) as Record<string, unknown>, where),
        );
      expect([...problems, ...customActionProblems(tree, where)]).toEqual([]);
    },
  );

  it('gives --parameter-overrides in running text only in whole commands that keep samconfig values', () => {
    const spans = documentationFiles(projectRoot).flatMap((file) =>
      proseCodeSpans(readFileSync(file, 'utf8'), relative(projectRoot, file)),
    );
    expect(spans.length).toBeGreaterThan(10);
    expect(spans.flatMap(checkProseOverrides)).toEqual([]);
  });

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

  it('explains in README.md every column npm run bench prints, in its header in order', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const header = benchLine('function');
    const at = COLUMNS.map((column) => header.indexOf(column.name));
    expect(at.every((index, i) => index > (at[i - 1] ?? 0))).toBe(true);
    expect(COLUMNS.map((column) => column.name)).toEqual(
      expect.arrayContaining(['bundle KB', 'load', '1st invoke', 'warm invoke', 'max MB']),
    );
    expect(COLUMNS.filter((column) => !readme.includes(`\`${column.name}\``))).toEqual([]);
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
    const shown = (value: unknown) =>
      Array.isArray(value)
        ? value.join(',')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, shown(value)])),
    );
  });

  it("docs/notifier.md's channel parameter table lists every key a chat channel has", () => {
    const rows = table('docs/notifier.md', 'channel parameter').rows.map((row) =>
      camelCase(codeSpans(row[0])[0]!),
    );
    expect(rows.sort()).toEqual(Object.keys(channelSettings.unwrap().shape).sort());
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
    ).toEqual([
      '/pipewright/prod/deploy-hook/apps/a.checks.0.check: unknown check "ping" (known: invoke, alarms, http)',
    ]);
    expect(checkParameter('/elsewhere/notifier/notify-recovery', 'true', 'String', projectRoot)).toHaveLength(
      1,
    );
  });

  it('fail on a chat channel key, type or webhook URL the chat delivery would not take', () => {
    const channel = (key: string, value: string, type = 'String') =>
      checkParameter(`/pipewright/prod/notifier/channels/ci/${key}`, value, type, projectRoot);

    expect(channel('type', 'slack')).toEqual([]);
    expect(channel('webhook-url', 'https://hooks.slack.com/services/T0/B0/x', 'SecureString')).toEqual([]);
    expect(channel('colour', 'red')).toEqual([
      '/pipewright/prod/notifier/channels/ci/colour: a chat channel has no key colour',
    ]);
    expect(channel('type', 'slak')).toHaveLength(1);
    expect(channel('webhook-url', 'https://hooks.slack.com/services/T0/B0/x')).toEqual([
      '/pipewright/prod/notifier/channels/ci/webhook-url: a webhook URL must be a SecureString',
    ]);
    expect(channel('webhook-url', 'http://hooks.slack.com/services/T0/B0/x', 'SecureString')).toHaveLength(1);
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

  it('fail on a --parameter-overrides that drops what samconfig.toml sets, also in running text', () => {
    expect(
      checkCommandChain(
        ["sam deploy --parameter-overrides HookTargetFunctions='pipewright-example-*'"],
        projectRoot,
      ),
    ).toEqual([
      "sam deploy --parameter-overrides replaces samconfig.toml's parameter_overrides whole: also name Stage, ConfigPath, LogLevel, LogRetentionDays (else the template defaults apply)",
    ]);
    const prose = proseCodeSpans(
      "deploy it with `--parameter-overrides HookTargetFunctions='x-*'`;\n```sh\nnot prose\n```\nor `sam deploy\n--config-env prod --parameter-overrides Stage=prod`",
      'x.md',
    );
    expect(prose.flatMap(checkProseOverrides)).toEqual([
      'x.md:1: `--parameter-overrides HookTargetFunctions=\'x-*\'`: write the whole command (sam deploy --parameter-overrides "…")',
      "x.md:5: sam deploy --parameter-overrides replaces samconfig.toml's parameter_overrides whole: also name ConfigPath, LogLevel, LogRetentionDays (else the template defaults apply)",
    ]);
  });
});
