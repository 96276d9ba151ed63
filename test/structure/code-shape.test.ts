import fs from 'node:fs';
import path from 'node:path';
import { unusedValueExports } from './exports';
import { importCycles, importGraph, projectRoot, sourceFiles } from './import-graph';

const everyUser = ['functions', 'local', 'test', 'bench', 'examples', 'cdk'].flatMap(sourceFiles);
/**
 * Files whose value exports something must import: the Lambda code, the local runner (entry point
 * local/cli.ts; what bench/ and test/ import from local/ counts as use), the CDK constructs (entry point
 * cdk/index.ts, the library's public API) and the test helpers.
 */
const exporters = [
  ...sourceFiles('functions'),
  ...sourceFiles('cdk').filter((file) => file !== 'cdk/index.ts'),
  ...sourceFiles('local'),
  ...sourceFiles('test').filter((file) => !file.endsWith('.test.ts')),
];
/** The Lambda entry points: their `handler` is used by template.yaml, not by an import. */
const entryPoint = /^functions\/[^/]+\/index\.ts:handler$/;

/** The imports of the files under `from` whose target starts with `into`, as `file → target`. */
function importsInto(from: string, into: string): string[] {
  return [...importGraph(sourceFiles(from))].flatMap(([file, targets]) =>
    targets.filter((target) => target.startsWith(into)).map((target) => `${file} → ${target}`),
  );
}

describe('code shape', () => {
  it.each(['functions', 'local', 'cdk'])('has no import cycle in %s/, type imports included', (dir) => {
    expect(importCycles(importGraph(sourceFiles(dir)))).toEqual([]);
  });

  it('keeps the pipeline action runner (job/) independent of task internals', () => {
    const intoTasks = importsInto('functions/pipeline-action/job', 'functions/pipeline-action/tasks/');
    // job/ may use the task contract (tasks/task.ts, and the output variable rules a result must
    // respect) and nothing else of tasks/.
    const contract = ['tasks/task.ts', 'tasks/support/output-variables.ts'];
    expect(intoTasks.filter((edge) => !contract.some((file) => edge.endsWith(file)))).toEqual([]);
  });

  it('keeps the tasks independent of the pipeline action runner (tasks/ never imports job/)', () => {
    expect(importsInto('functions/pipeline-action/tasks', 'functions/pipeline-action/job/')).toEqual([]);
  });

  it('keeps one task per file in tasks/ (helpers live in tasks/support/)', () => {
    const taskFiles = sourceFiles('functions/pipeline-action/tasks').filter(
      (file) => !file.includes('/support/') && !/\/(task|registry)\.ts$/.test(file),
    );
    const definitions = taskFiles.map((file) => {
      const text = fs.readFileSync(path.join(projectRoot, file), 'utf8');
      return `${file}: ${(text.match(/= defineTask\(/g) ?? []).length}`;
    });
    expect(definitions).toEqual(taskFiles.map((file) => `${file}: 1`));
  });

  it('leaves no value export under functions/, local/, cdk/ or the test helpers that nothing imports (the entry points aside)', () => {
    expect(unusedValueExports(exporters, everyUser).filter((e) => !entryPoint.test(e))).toEqual([]);
  });

  it('finds a cycle and an unused export when there is one (the checks can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(unusedValueExports(['test/structure/exports.ts'], ['test/structure/exports.ts'])).toEqual([
      'test/structure/exports.ts:unusedValueExports',
    ]);
  });
});
