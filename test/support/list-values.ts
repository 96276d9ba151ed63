import fc from 'fast-check';

/** Blank text as an operator might leave it in a list parameter: up to four spaces, tabs, line breaks. */
export const blankText = fc.stringMatching(/^[ \t\n]{0,4}$/);

/**
 * The entries of a raw list-parameter value as docs/notifier.md says a list reads them — comma-separated
 * or a JSON array, each string entry trimmed — or `undefined` when the value is no list (bad JSON, not
 * an array).
 *
 * @example
 * ```ts
 * listEntries(' FAILED , STOPPED'); // ['FAILED', 'STOPPED']
 * listEntries('[" a ", 1]'); // ['a', 1]
 * listEntries('[oops'); // undefined
 * ```
 */
export function listEntries(raw: string): unknown[] | undefined {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('[')) return trimmed === '' ? [] : trimmed.split(',').map((e) => e.trim());
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed)
      ? parsed.map((e: unknown) => (typeof e === 'string' ? e.trim() : e))
      : undefined;
  } catch {
    return undefined;
  }
}
