// Text shapes the channels require: one line of ASCII for an SNS Subject, escaped chat markdown,
// a commit message's subject line. (Secret redaction and size caps live in redact.ts.)

/** The first non-empty line of a text (a commit message's subject). */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
}

/**
 * Escapes what chat markdown would interpret in user-supplied text (commit and error messages), and
 * folds line breaks into spaces so one value stays on one line.
 *
 * @example
 * ```ts
 * escapeMarkdown('fix *all* <the> [links]'); // 'fix \\*all\\* &lt;the&gt; \\[links\\]'
 * ```
 */
export function escapeMarkdown(text: string): string {
  return foldLines(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_~[\]|]/g, (ch) => `\\${ch}`);
}

/** Joins the lines of a text with single spaces (blank lines dropped, each line's edges trimmed), in linear time. */
function foldLines(text: string): string {
  const lines = text.split(/\r?\n/);
  if (lines.length === 1) return text;
  const last = lines.length - 1;
  return lines
    .map((line, i) => (i === 0 ? line.trimEnd() : i === last ? line.trimStart() : line.trim()))
    .filter((line, i) => line || i === 0 || i === last)
    .join(' ');
}

/**
 * Turns any text into one line of printable ASCII (accents dropped, other characters removed), as SNS
 * requires for a Subject.
 *
 * @example
 * ```ts
 * asciiLine('Déploiement\nraté ✓'); // 'Deploiement rate'
 * ```
 */
export function asciiLine(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}
