import { readCapped } from '../capped-read';

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
  const { bytes, cut } = await readCapped(response.body, maxBytes);
  // `stream: true` holds back a trailing partial character instead of turning it into U+FFFD.
  const text = new TextDecoder().decode(bytes, { stream: cut });
  return { text, cut };
}
