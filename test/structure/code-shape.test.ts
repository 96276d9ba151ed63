import { unusedValueExports } from './exports';
import { importCycles, importGraph, sourceFiles } from './import-graph';

const functions = sourceFiles('functions');
const everyUser = ['functions', 'local', 'test', 'bench', 'examples'].flatMap(sourceFiles);
/** The Lambda entry points: their `handler` is used by template.yaml, not by an import. */
const entryPoint = /^functions\/[^/]+\/index\.ts:handler$/;

describe('code shape', () => {
  it.each(['functions', 'local'])('has no import cycle in %s/, type imports included', (dir) => {
    expect(importCycles(importGraph(sourceFiles(dir)))).toEqual([]);
  });

  it('keeps the pipeline action runner (job/) independent of task internals', () => {
    const graph = importGraph(sourceFiles('functions/pipeline-action/job'));
    const intoTasks = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => t.startsWith('functions/pipeline-action/tasks/')).map((t) => `${file} → ${t}`),
    );
    // job/ may use the task contract (tasks/task.ts) and nothing else of tasks/.
    expect(intoTasks.filter((edge) => !edge.endsWith('tasks/task.ts'))).toEqual([]);
  });

  it('leaves no value export under functions/ that nothing imports (the entry points aside)', () => {
    expect(unusedValueExports(functions, everyUser).filter((e) => !entryPoint.test(e))).toEqual([]);
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
