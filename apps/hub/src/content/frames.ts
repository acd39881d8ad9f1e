// The chunk frame of the xetcache-chunks protocol (docs/chunk-protocol.md): `hash [32] |
// length u32 little-endian | bytes`, repeated. Used both ways: packs uploaded by clients, and
// chunks sent down to them.

import { HubError } from '../errors.js';

export const FRAME_HEADER = 36;

export function frameHeader(hash: Uint8Array, length: number): Uint8Array {
  const head = Buffer.alloc(FRAME_HEADER);
  head.set(hash, 0);
  head.writeUInt32LE(length, 32);
  return head;
}

export interface Frame {
  hash: Uint8Array;
  data: Uint8Array;
}

/** Reads exact byte counts from a stream of pieces. */
class ExactReader {
  private pending: Uint8Array[] = [];
  private buffered = 0;
  private readonly it: AsyncIterator<Uint8Array>;
  private done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** `n` bytes, or undefined at a clean end of stream before the first byte. */
  async take(n: number): Promise<Uint8Array | undefined> {
    while (this.buffered < n && !this.done) {
      const next = await this.it.next();
      if (next.done) this.done = true;
      else if (next.value.length) {
        this.pending.push(next.value);
        this.buffered += next.value.length;
      }
    }
    if (this.buffered === 0 && n > 0) return undefined;
    if (this.buffered < n) throw new HubError('EBADREQUEST', 'the chunk pack ends in the middle of a chunk');
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const head = this.pending[0]!;
      const take = Math.min(head.length, n - at);
      out.set(head.subarray(0, take), at);
      at += take;
      if (take === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(take);
    }
    this.buffered -= n;
    return out;
  }
}

/** The frames of a chunk pack; refuses chunks longer than `maxChunk` before reading them. */
export async function* readFrames(source: AsyncIterable<Uint8Array>, maxChunk: number): AsyncGenerator<Frame> {
  const reader = new ExactReader(source);
  for (;;) {
    const head = await reader.take(FRAME_HEADER);
    if (!head) return;
    const length = Buffer.from(head.buffer, head.byteOffset, FRAME_HEADER).readUInt32LE(32);
    if (length === 0 || length > maxChunk) {
      throw new HubError('EBADREQUEST', `a chunk of ${length} bytes: chunks have 1 to ${maxChunk} bytes`);
    }
    const data = (await reader.take(length)) ?? new Uint8Array(0);
    if (data.length !== length) throw new HubError('EBADREQUEST', 'the chunk pack ends in the middle of a chunk');
    yield { hash: head.subarray(0, 32), data };
  }
}
