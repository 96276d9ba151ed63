import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { projectRoot, resolveModule } from './import-graph';

/** What one file exports and how it uses the exports of others. */
interface FileUse {
  /** Names of the value exports the file declares itself. */
  values: string[];
  /** `target file → names` imported as values (`*` for a namespace import or a dynamic import). */
  imports: Map<string, Set<string>>;
  /** `target file → names` re-exported (`*` for `export * from`). */
  reexports: Map<string, Set<string>>;
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

function add(map: Map<string, Set<string>>, target: string | undefined, name: string): void {
  if (!target) return;
  if (!map.has(target)) map.set(target, new Set());
  map.get(target)!.add(name);
}

function readUse(file: string): FileUse {
  const text = fs.readFileSync(path.join(projectRoot, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const use: FileUse = { values: [], imports: new Map(), reexports: new Map() };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolveModule(file, node.moduleSpecifier.text);
      const clause = node.importClause;
      if (clause && !clause.isTypeOnly) {
        if (clause.name) add(use.imports, target, 'default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) add(use.imports, target, '*');
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            if (!element.isTypeOnly) add(use.imports, target, (element.propertyName ?? element.name).text);
          }
        }
      }
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly) {
      const target =
        node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
          ? resolveModule(file, node.moduleSpecifier.text)
          : undefined;
      const clause = node.exportClause;
      if (!clause) add(use.reexports, target, '*');
      else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          if (target) add(use.reexports, target, (element.propertyName ?? element.name).text);
          else use.values.push(element.name.text);
        }
      }
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(use.imports, resolveModule(file, node.arguments[0].text), '*');
    } else if (hasModifier(node, ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(node)) {
        for (const declaration of node.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) use.values.push(declaration.name.text);
        }
      } else if (
        (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) &&
        node.name
      ) {
        use.values.push(hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : node.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return use;
}

/**
 * The value exports of `files` that no file of `users` imports, directly or through a re-export
 * (`file:name`, sorted). Type-only exports and imports do not count.
 *
 * @example
 * ```ts
 * unusedValueExports(sourceFiles('functions'), [...sourceFiles('functions'), ...sourceFiles('test')]);
 * ```
 */
export function unusedValueExports(files: readonly string[], users: readonly string[]): string[] {
  const uses = new Map([...new Set([...files, ...users])].map((file) => [file, readUse(file)]));
  const used = new Set<string>();
  /** Every name a file exports: its own values and what it re-exports. */
  const exportedNames = (file: string, seen = new Set<string>()): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const use = uses.get(file);
    if (!use) return [];
    const forwarded = [...use.reexports].flatMap(([target, names]) =>
      names.has('*') ? exportedNames(target, seen).filter((name) => name !== 'default') : [...names],
    );
    return [...use.values, ...forwarded];
  };
  /** Marks `name` used in `file` and, through its re-exports, in the file that declares it. */
  const markUsed = (file: string, name: string, seen = new Set<string>()): void => {
    if (seen.has(file)) return;
    seen.add(file);
    used.add(`${file}:${name}`);
    for (const [target, names] of uses.get(file)?.reexports ?? []) {
      if (names.has(name) || names.has('*')) markUsed(target, name, seen);
    }
  };
  for (const use of uses.values()) {
    for (const [target, names] of use.imports) {
      for (const name of names) {
        for (const imported of name === '*' ? exportedNames(target) : [name]) markUsed(target, imported);
      }
    }
  }
  return files.flatMap((file) =>
    (uses.get(file)?.values ?? []).filter((name) => !used.has(`${file}:${name}`)).map((n) => `${file}:${n}`),
  );
}
