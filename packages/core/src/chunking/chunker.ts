// Content-defined chunking over a stream, with Xet's boundary rule. Chunks are yielded as views
// into one reusable block buffer, so memory stays flat whatever the stream's length; a view is
// valid until the consumer asks for the next chunk.

import { Hasher } from 'gearhash-jit';
import type { ChunkParams } from './params.js';
import { chunkParams } from './params.js';

export type ByteSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface ChunkerOptions {
  params?: ChunkParams;
  /** Size of the working buffer; at least two maximum chunks. */
  blockSize?: number;
  /** Called with each stretch of bytes as it enters the buffer, before it is chunked. */
  onBytes?: (data: Uint8Array) => void;
  /** Awaited before bytes already handed to onBytes are overwritten. */
  beforeReuse?: () => Promise<void>;
}

const DEFAULT_BLOCK = 8 * 1024 * 1024;
// gearhash-jit copies each scanned range into its WebAssembly memory, which holds ~500 KiB.
const MAX_SCAN = 256 * 1024;

async function* pieces(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const piece of source as AsyncIterable<Uint8Array>) yield piece;
}

/** Yields the chunks of `source`, each a view valid until the next iteration. */
export async function* chunkStream(source: ByteSource, options: ChunkerOptions = {}): AsyncGenerator<Uint8Array> {
  const params = options.params ?? chunkParams();
  const blockSize = Math.max(options.blockSize ?? DEFAULT_BLOCK, params.max * 2);
  const gear = new Hasher(params.mask);
  const input = pieces(source);
  // Not a SharedArrayBuffer: V8 copies out of those byte by byte, which halves throughput.
  const buf = new Uint8Array(blockSize);
  let len = 0; // valid bytes in buf
  let start = 0; // start of the current chunk
  let scan = params.skip; // next byte to feed the gear hash
  let pending: Uint8Array | undefined; // part of an input piece that did not fit
  let done = false;

  const fill = async (): Promise<void> => {
    if (options.beforeReuse) await options.beforeReuse();
    if (start > 0) {
      buf.copyWithin(0, start, len);
      len -= start;
      scan -= start;
      start = 0;
    }
    const from = len;
    while (len < blockSize && !done) {
      if (!pending || pending.length === 0) {
        const next = await input.next();
        if (next.done) {
          done = true;
          break;
        }
        pending = next.value;
        continue;
      }
      const n = Math.min(pending.length, blockSize - len);
      buf.set(n === pending.length ? pending : pending.subarray(0, n), len);
      pending = pending.subarray(n);
      len += n;
    }
    if (len > from && options.onBytes) options.onBytes(buf.subarray(from, len));
  };

  for (;;) {
    const limit = start + params.max;
    const scanEnd = Math.min(len, limit);
    let end = -1;
    while (scan < scanEnd) {
      const stop = Math.min(scanEnd, scan + MAX_SCAN);
      const match = gear.nextMatch(buf.subarray(scan, stop));
      if (match > 0) {
        end = scan + match;
        break;
      }
      scan = stop;
    }
    if (end < 0 && scanEnd === limit) end = limit;
    if (end < 0) {
      if (!done) {
        await fill();
        continue;
      }
      if (len > start) yield buf.subarray(start, len);
      return;
    }
    yield buf.subarray(start, end);
    start = end;
    scan = end + params.skip;
    gear.resetHash();
  }
}
