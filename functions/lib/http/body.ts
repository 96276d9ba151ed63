/** A response body as far as it was read. */
export interface KeptBody {
  /** The kept bytes as UTF-8 text (a character split by the cut is left out). */
  text: string;
  /** Whether the body went on beyond the cap (the rest was not read). */
  cut: boolean;
}

/**
 * Reads a response body as a stream and keeps at most `maxBytes` bytes (after content decoding, so a
 * gzip bomb is cut too): past the cap it cancels the stream, which closes the connection, so memory
 * stays bounded whatever the server sends.
 *
 * @example
 * ```ts
 * const { text, cut } = await readBody(await fetch(url), 1024 * 1024);
 * ```
 */
export async function readBody(response: Response, maxBytes: number): Promise<KeptBody> {
  if (!response.body) return { text: '', cut: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (kept + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - kept));
      cut = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    kept += value.byteLength;
  }
  // `stream: true` holds back a trailing partial character instead of turning it into U+FFFD.
  const text = new TextDecoder().decode(Buffer.concat(chunks), { stream: cut });
  return { text, cut };
}

/** `1 MiB`, `64 KiB` or `1500 bytes`: a cap as messages say it. */
export function formatCap(bytes: number): string {
  if (bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
