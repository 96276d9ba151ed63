import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The repository root (this file lives in test/structure/). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** Every `.ts` file below `dir` (relative to the repository root), sorted, node_modules left out. */
export function sourceFiles(dir: string): string[] {
  const root = path.join(projectRoot, dir);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(dir, file).split(path.sep).join('/'))
    .sort();
}

/** Resolves a relative module specifier of `from` to a repository file (`x` → `x.ts` or `x/index.ts`). */
export function resolveModule(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.join(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(path.join(projectRoot, candidate))) {
      return candidate.split(path.sep).join('/');
    }
  }
  return undefined;
}

/**
 * The relative imports of every file in `files` — value, type-only and `export … from` alike — as a
 * map from file to the repository files it imports.
 *
 * @example
 * ```ts
 * importGraph(sourceFiles('functions')).get('functions/notifier/index.ts'); // ['functions/notifier/notify.ts', …]
 * ```
 */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(projectRoot, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, false);
    const targets = importedFiles
      .map(({ fileName }) => resolveModule(file, fileName))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import cycles of a graph: each strongly connected component of more than one file (or a file
 * that imports itself), files sorted (Tarjan's algorithm).
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const lowOf = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    indexOf.set(file, index);
    lowOf.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        lowOf.set(file, Math.min(lowOf.get(file)!, lowOf.get(next)!));
      } else if (onStack.has(next)) {
        lowOf.set(file, Math.min(lowOf.get(file)!, indexOf.get(next)!));
      }
    }
    if (lowOf.get(file) !== indexOf.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!indexOf.has(file)) visit(file);
  return cycles;
}
