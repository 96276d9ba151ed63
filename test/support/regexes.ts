import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from 'recheck';
import * as ts from 'typescript';

/** One regular expression found in the source, where it is written. */
export interface FoundRegex {
  /** File, relative to the project root (`functions/notifier/redact.ts`). */
  file: string;
  /** 1-based line. */
  line: number;
  source: string;
  flags: string;
}

/** A regular expression recheck did not find safe, with what it said. */
export interface UnsafeRegex extends FoundRegex {
  /** `vulnerable` or `unknown`. */
  status: string;
  /** recheck's summary (`2nd degree polynomial`, `exponential`, a timeout...). */
  reason: string;
}

/** What {@link checkRegexes} saw. */
export interface RegexReport {
  /** How many regular expressions were checked. */
  checked: number;
  /** Those recheck did not call `safe`. */
  vulnerable: UnsafeRegex[];
  /** `new RegExp(...)` calls whose source is not a literal: they cannot be checked, so they should not exist. */
  dynamic: Array<{ file: string; line: number; code: string }>;
}

const root = join(__dirname, '../..');

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typescriptFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const literalText = (node: ts.Node | undefined): string | undefined =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/**
 * Every regular expression written in the TypeScript files under `dirs` (relative to the project
 * root): regex literals, and `new RegExp(...)` / `RegExp(...)` calls, found by walking each file's
 * syntax tree (so a `/` in a comment or a string is not mistaken for one). Calls whose source is not
 * a literal are returned apart, as `dynamic`.
 *
 * @example
 * ```ts
 * const { found, dynamic } = findRegexes(['functions']);
 * ```
 */
function findRegexes(dirs: readonly string[]): {
  found: FoundRegex[];
  dynamic: RegexReport['dynamic'];
} {
  const found: FoundRegex[] = [];
  const dynamic: RegexReport['dynamic'] = [];
  for (const path of dirs.flatMap((dir) => typescriptFiles(join(root, dir)))) {
    const file = relative(root, path);
    const sourceFile = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sourceFile);
        const end = text.lastIndexOf('/');
        found.push({ file, line: lineOf(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const [sourceArg, flagsArg] = node.arguments ?? [];
        const source = literalText(sourceArg);
        const flags = flagsArg === undefined ? '' : literalText(flagsArg);
        if (source !== undefined && flags !== undefined)
          found.push({ file, line: lineOf(node), source, flags });
        else dynamic.push({ file, line: lineOf(node), code: node.getText(sourceFile).slice(0, 120) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return { found, dynamic };
}

/**
 * Runs recheck (a ReDoS checker: it proves a pattern linear, or finds an attack string) over every
 * regular expression under `dirs` (default: `['functions']`) and reports the ones it does not call
 * `safe`, with file, line and why.
 *
 * @example
 * ```ts
 * const report = await checkRegexes();
 * expect(report.vulnerable).toEqual([]);
 * ```
 */
export async function checkRegexes(dirs: readonly string[] = ['functions']): Promise<RegexReport> {
  const { found, dynamic } = findRegexes(dirs);
  const verdicts: Array<UnsafeRegex | undefined> = [];
  // One at a time, with a fixed seed: recheck's fuzzer then gives the same verdict on every run.
  for (const regex of found) {
    const diagnostics = await check(regex.source, regex.flags, { timeout: 20_000, randomSeed: 42 });
    if (diagnostics.status === 'safe') continue;
    const reason =
      diagnostics.status === 'vulnerable'
        ? `${diagnostics.complexity.summary}; attack: ${diagnostics.attack.pattern}`
        : diagnostics.error.kind;
    verdicts.push({ ...regex, status: diagnostics.status, reason });
  }
  const vulnerable = verdicts.filter((v): v is UnsafeRegex => v !== undefined);
  return { checked: found.length, vulnerable, dynamic };
}
