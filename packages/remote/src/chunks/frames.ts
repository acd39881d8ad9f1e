// Chunk frames (docs/chunk-protocol.md): hash [32] | length [u32 LE] | bytes, back to back.

import { fromXetHex, toXetHex } from '@xetcache/core';
import { RemoteError } from '../errors.js';

export const CHUNKS_MEDIA_TYPE = 'application/vnd.xetcache.chunks';

export function frameHeader(xetHex: string, length: number): Uint8Array {
  const out = new Uint8Array(36);
  out.set(fromXetHex(xetHex), 0);
  new DataView(out.buffer).setUint32(32, length, true);
  return out;
}

/** Frames out of a body as it streams in; a body that ends mid-frame is an EPROTOCOL error. */
export async function* readFrames(body: AsyncIterable<Uint8Array>): AsyncGenerator<{ hash: string; bytes: Uint8Array }> {
  let buffer = new Uint8Array(0);
  const take = (piece: Uint8Array) => {
    const next = new Uint8Array(buffer.length + piece.length);
    next.set(buffer, 0);
    next.set(piece, buffer.length);
    buffer = next;
  };
  for await (const piece of body) {
    take(piece);
    for (;;) {
      if (buffer.length < 36) break;
      const length = new DataView(buffer.buffer, buffer.byteOffset + 32, 4).getUint32(0, true);
      if (buffer.length < 36 + length) break;
      yield { hash: toXetHex(buffer.subarray(0, 32)), bytes: buffer.slice(36, 36 + length) };
      buffer = buffer.slice(36 + length);
    }
  }
  if (buffer.length) throw new RemoteError('EPROTOCOL', 'the chunk stream ended in the middle of a chunk');
}

/** `0-4,9,12-15` for indexes [0,1,2,3,4,9,12,13,14,15]. */
export function indexRanges(indexes: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    parts.push(i === j ? `${indexes[i]}` : `${indexes[i]}-${indexes[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
