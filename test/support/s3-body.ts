import { Readable } from 'node:stream';

/**
 * A GetObject `Body` as the SDK hands it over on Node.js: a Readable of `bytes`, in chunks of
 * `chunkBytes` (default: 64 KiB). `pulled()` says how many bytes the reader took from it.
 *
 * @example
 * ```ts
 * s3.on(GetObjectCommand).resolves({ ContentLength: zip.byteLength, Body: s3Body(zip) } as never);
 * ```
 */
export function s3Body(bytes: Uint8Array, chunkBytes = 65_536): Readable & { pulled(): number } {
  return endlessBody(bytes.byteLength, chunkBytes, (at, n) => bytes.subarray(at, at + n));
}

/**
 * A Body of `totalBytes` (as large as a test wants: nothing is held), produced chunk by chunk as it is
 * read, from `chunk(offset, length)` (default: zeros).
 */
export function endlessBody(
  totalBytes: number,
  chunkBytes = 65_536,
  chunk: (at: number, length: number) => Uint8Array = (_at, length) => new Uint8Array(length),
): Readable & { pulled(): number } {
  let pulled = 0;
  function* chunks() {
    for (let at = 0; at < totalBytes; at += chunkBytes) {
      const next = chunk(at, Math.min(chunkBytes, totalBytes - at));
      pulled += next.byteLength;
      yield Buffer.from(next.buffer, next.byteOffset, next.byteLength);
    }
  }
  return Object.assign(Readable.from(chunks(), { objectMode: false }), { pulled: () => pulled });
}
