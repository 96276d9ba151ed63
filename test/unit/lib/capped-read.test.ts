import fc from 'fast-check';
import { readCapped } from '../../../functions/lib/capped-read';
import { endlessBody, s3Body } from '../../support/s3-body';

/** A web ReadableStream of `chunks` that counts what was pulled and whether it was cancelled. */
function webStream(chunks: Uint8Array[]) {
  let pulled = 0;
  let cancelled = false;
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at === chunks.length) return controller.close();
      pulled += chunks[at]!.byteLength;
      controller.enqueue(chunks[at++]!);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

const chunked = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 });
const concat = (chunks: Uint8Array[]) => Buffer.concat(chunks);

describe('readCapped', () => {
  it('keeps the first maxBytes bytes exactly, and says whether there were more (web streams)', async () => {
    await fc.assert(
      fc.asyncProperty(chunked, fc.integer({ min: 0, max: 3_000 }), async (chunks, maxBytes) => {
        const all = concat(chunks);
        const source = webStream(chunks);
        const { bytes, cut } = await readCapped(source.stream, maxBytes);
        expect(Buffer.from(bytes)).toEqual(all.subarray(0, maxBytes));
        expect(cut).toBe(all.byteLength > maxBytes);
        // Cut: cancelled, unless the stream had already been read to its end (a closed stream cannot be).
        if (cut) expect(source.cancelled() || source.pulled() === all.byteLength).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps the first maxBytes bytes exactly from a Node.js stream, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3_000 }),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 0, max: 3_000 }),
        async (content, chunkBytes, maxBytes) => {
          const body = s3Body(content, chunkBytes);
          const { bytes, cut } = await readCapped(body, maxBytes);
          expect(Buffer.from(bytes)).toEqual(Buffer.from(content).subarray(0, maxBytes));
          expect(cut).toBe(content.byteLength > maxBytes);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('cancels an endless web stream just past the cap', async () => {
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { bytes, cut } = await readCapped(stream, 1_000_000);
    expect([bytes.byteLength, cut, cancelled]).toEqual([1_000_000, true, true]);
    expect(pulled).toBeLessThan(1_000_000 + 3 * 65_536);
  });

  it('stops pulling an endless stream just past the cap and destroys it', async () => {
    const body = endlessBody(Number.MAX_SAFE_INTEGER, 65_536);
    const { bytes, cut } = await readCapped(body, 1_000_000);
    expect(bytes.byteLength).toBe(1_000_000);
    expect(cut).toBe(true);
    expect(body.pulled()).toBeLessThan(1_000_000 + 3 * 65_536);
    expect(body.destroyed).toBe(true);
  });
});
