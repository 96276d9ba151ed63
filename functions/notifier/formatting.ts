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
  return text
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_~[\]|]/g, (ch) => `\\${ch}`);
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
