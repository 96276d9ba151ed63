/** What {@link readCapped} kept of a stream. */
export interface CappedBytes {
  /** At most `maxBytes` bytes, in order. */
  bytes: Uint8Array;
  /** Whether the stream went on beyond `maxBytes` (the rest was not read). */
  cut: boolean;
}

/** A body as HTTP clients hand it over: a Node.js Readable, a web ReadableStream, or any async iterable of bytes. */
export type ByteStream = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * Reads a stream and keeps at most `maxBytes` bytes: as soon as more arrive it stops reading and
 * cancels the stream (a Node.js stream is destroyed, a web stream cancelled: the connection closes), so
 * memory stays bounded whatever a declared length said. The bytes up to the cap are kept, and `cut`
 * says whether there were more.
 *
 * @example
 * ```ts
 * const { bytes, cut } = await readCapped(object.Body as ByteStream, 50 * 1024 * 1024);
 * if (cut) throw new ConfigurationError('the artifact is larger than 50 MiB');
 * ```
 */
export async function readCapped(stream: ByteStream, maxBytes: number): Promise<CappedBytes> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let cut = false;
  // Leaving a for-await early calls the iterator's return(): it destroys or cancels the stream.
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (kept + bytes.byteLength > maxBytes) {
      chunks.push(bytes.subarray(0, maxBytes - kept));
      kept = maxBytes;
      cut = true;
      break;
    }
    chunks.push(bytes);
    kept += bytes.byteLength;
  }
  return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept), cut };
}
