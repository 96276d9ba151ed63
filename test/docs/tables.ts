import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One Markdown table: its header cells and, per row, its cells (trimmed). */
export interface MarkdownTable {
  file: string;
  header: string[];
  rows: string[][];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/** Every table of a Markdown file (outside fenced blocks). */
export function markdownTables(rootDir: string, file: string): MarkdownTable[] {
  const lines = readFileSync(join(rootDir, file), 'utf8')
    .replace(/^\s*```[\s\S]*?^\s*```/gm, '')
    .split('\n');
  const tables: MarkdownTable[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    if (!lines[i]!.startsWith('|') || !/^\|[\s|:-]+\|$/.test(lines[i + 1]!.trim())) continue;
    const table: MarkdownTable = { file, header: cells(lines[i]!), rows: [] };
    for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i += 1) table.rows.push(cells(lines[i]!));
    tables.push(table);
  }
  return tables;
}

/** The `code` spans of a cell: `` `a`, `b` `` → ['a', 'b']. */
export const codeSpans = (cell: string | undefined) =>
  [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
