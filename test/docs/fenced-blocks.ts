import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced code block of a Markdown file. */
export interface FencedBlock {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word (`bash`, `json`, …; empty when none). */
  lang: string;
  text: string;
}

/** The documentation that must stay true: README.md, docs/*.md, local/*.md. */
export function documentationFiles(rootDir: string): string[] {
  const markdown = (dir: string) =>
    readdirSync(join(rootDir, dir))
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => join(rootDir, dir, name));
  return [join(rootDir, 'README.md'), ...markdown('docs'), ...markdown('local')];
}

/** Every fenced block (```lang … ```) of a Markdown file. */
export function fencedBlocks(path: string, rootDir: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { line: number; lang: string; lines: string[] } | undefined;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const fence = /^\s*```(\S*)/.exec(text);
      if (fence && !open) open = { line: index + 1, lang: fence[1] ?? '', lines: [] };
      else if (fence && open) {
        blocks.push({
          file: relative(rootDir, path),
          line: open.line,
          lang: open.lang,
          text: open.lines.join('\n'),
        });
        open = undefined;
      } else open?.lines.push(text);
    });
  return blocks;
}

/**
 * The commands of a shell block: `\`-continued lines joined, comments and blank lines dropped, each
 * `a && b` chain kept as one entry (a `cd` changes the directory of what follows it).
 */
export function shellCommands(block: FencedBlock): { line: number; chain: string[] }[] {
  const out: { line: number; chain: string[] }[] = [];
  let pending = '';
  let start = block.line + 1;
  block.text.split('\n').forEach((raw, index) => {
    if (!pending) start = block.line + 1 + index;
    const text = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (text.trimEnd().endsWith('\\')) {
      pending += `${text.trimEnd().slice(0, -1)} `;
      return;
    }
    const command = `${pending}${text}`.trim();
    pending = '';
    if (command) out.push({ line: start, chain: command.split(/\s*&&\s*/) });
  });
  return out;
}

/** One inline code span of a Markdown file's running text (fenced blocks left out). */
export interface ProseSpan {
  file: string;
  /** 1-based line where the span starts. */
  line: number;
  /** The span's text, a line break inside it read as a space. */
  text: string;
}

/**
 * Every inline code span (`` `…` ``) of a Markdown text outside its fenced blocks, which may run
 * over a line break as Markdown allows.
 *
 * @example
 * ```ts
 * proseCodeSpans('Run `npm test`.', 'README.md'); // [{ file: 'README.md', line: 1, text: 'npm test' }]
 * ```
 */
export function proseCodeSpans(markdown: string, file: string): ProseSpan[] {
  // Fenced blocks become blank lines, so that line numbers stay right.
  const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, (block) => block.replace(/[^\n]/g, ''));
  return [...prose.matchAll(/`([^`]+)`/g)].map((match) => ({
    file,
    line: prose.slice(0, match.index).split('\n').length,
    text: match[1]!.replace(/\s+/g, ' ').trim(),
  }));
}
