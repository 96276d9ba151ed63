import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { ConfigurationError } from '../../lib/errors';

/** Compressed bytes handed to the inflater at a time: one slice inflates to at most ~1032 times that. */
const SLICE_BYTES = 16 * 1024;

/** What the messages of {@link extractEntry} name. */
export interface EntryLabel {
  /** The artifact, e.g. `Input artifact "BuildOutput" (s3://bucket/key)`. */
  what: string;
  /** The file as the user wrote it. */
  file: string;
  /** Largest uncompressed size accepted. */
  maxBytes: number;
}

/**
 * Extracts the entry `name` from a zip, never holding more than `maxBytes` of it: an entry whose
 * declared uncompressed size is larger is refused before inflating, and inflation stops as soon as
 * the bytes produced pass the cap (a zip bomb's header may lie). Throws a ConfigurationError naming
 * the artifact, the file and the cap; a missing entry lists the entries there are.
 *
 * @example
 * ```ts
 * extractEntry(zip, 'outputs.json', { what: 'Input artifact "BuildOutput"', file: 'outputs.json', maxBytes: 10_485_760 });
 * ```
 */
export function extractEntry(zip: Uint8Array, name: string, label: EntryLabel): Uint8Array {
  const { what, file, maxBytes } = label;
  const cap = `${maxBytes} bytes, the most this task inflates from an artifact`;
  const entries: string[] = [];
  const chunks: Uint8Array[] = [];
  let inflated = 0;
  let done = false;
  let problem: Error | undefined;
  const unzip = new Unzip((entry: UnzipFile) => {
    entries.push(entry.name);
    if (entry.name !== name || problem) return;
    if (entry.originalSize !== undefined && entry.originalSize > maxBytes) {
      problem = new ConfigurationError(
        `${what}: file "${file}" is ${entry.originalSize} bytes uncompressed, over the cap of ${cap}`,
      );
      return;
    }
    entry.ondata = (error, chunk, final) => {
      if (problem) return;
      if (error) {
        problem = error;
        return;
      }
      inflated += chunk.byteLength;
      if (inflated > maxBytes) {
        problem = new ConfigurationError(
          `${what}: file "${file}" inflates to more than ${cap} (its zip entry declares ${entry.originalSize ?? 'no'} size)`,
        );
        entry.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) done = true;
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < zip.byteLength && !problem; at += SLICE_BYTES) {
      const end = Math.min(at + SLICE_BYTES, zip.byteLength);
      unzip.push(zip.subarray(at, end), end === zip.byteLength);
    }
  } catch (error) {
    problem ??= error as Error;
  }
  if (problem instanceof ConfigurationError) throw problem;
  if (problem) {
    throw new ConfigurationError(`${what} is not a readable zip file (${problem.message})`);
  }
  if (entries.length === 0 && !isEmptyZip(zip)) {
    throw new ConfigurationError(`${what} is not a readable zip file (no zip entry found)`);
  }
  if (!done) {
    const shown = entries.slice(0, 10).join(', ') || 'it is empty';
    const more = entries.length > 10 ? ` and ${entries.length - 10} more` : '';
    throw new ConfigurationError(`${what} has no file "${file}" (entries: ${shown}${more})`);
  }
  return concat(chunks, inflated);
}

/** An archive without entries is only its end-of-central-directory record (`PK\x05\x06`). */
function isEmptyZip(zip: Uint8Array): boolean {
  return zip[0] === 0x50 && zip[1] === 0x4b && zip[2] === 0x05 && zip[3] === 0x06;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
