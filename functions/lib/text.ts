/**
 * Truncates `text` so that it is at most `maxChars` characters long, marking the cut with an ellipsis.
 *
 * @example
 * ```ts
 * truncate('a'.repeat(6000), 5000).length; // 5000
 * ```
 */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = '…';
  // Never split a surrogate pair: cut on a code point boundary.
  const chars = Array.from(text.slice(0, maxChars));
  let out = '';
  for (const ch of chars) {
    if (out.length + ch.length > maxChars - marker.length) break;
    out += ch;
  }
  return out + marker;
}

/** Size of `text` in bytes once UTF-8 encoded. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Truncates `text` so that its UTF-8 encoding is at most `maxBytes` bytes, marking the cut with a note.
 *
 * @example
 * ```ts
 * truncateBytes(hugeLog, 200_000); // '...\n[truncated 1.2 MB]'
 * ```
 */
export function truncateBytes(text: string, maxBytes: number): string {
  const size = utf8Bytes(text);
  if (size <= maxBytes) return text;
  const note = `\n[truncated ${size - maxBytes} bytes]`;
  const budget = Math.max(0, maxBytes - utf8Bytes(note));
  const buf = Buffer.from(text, 'utf8');
  // Step back to a character boundary: continuation bytes look like 0b10xxxxxx.
  let end = budget;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8') + note;
}

/** Formats a duration in milliseconds as `1h 2m 3s`, `12m 31s` or `850 ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h) return `${h}h ${m}m ${s}s`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/**
 * Joins items as an English list.
 *
 * @example
 * ```ts
 * listText(['a', 'b', 'c']); // 'a, b and c'
 * ```
 */
export function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A count and its noun, singular for exactly one.
 *
 * @example
 * ```ts
 * countText(1, 'parameter'); // '1 parameter'
 * countText(3, 'entry', 'entries'); // '3 entries'
 * ```
 */
export function countText(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * `1 MiB`, `64 KiB` or `1500 bytes`: a size limit as messages say it.
 *
 * @example
 * ```ts
 * formatCap(262_144); // '256 KiB'
 * ```
 */
export function formatCap(bytes: number): string {
  if (bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Folds every run of white space that holds a line break into one space (runs without one are kept),
 * in linear time (a pattern of optional spaces around a line break does the same in quadratic time).
 *
 * @example
 * ```ts
 * foldLineBreaks('Deploy failed:\n  3 of 4  checks'); // 'Deploy failed: 3 of 4  checks'
 * ```
 */
export function foldLineBreaks(text: string): string {
  return text.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run));
}
