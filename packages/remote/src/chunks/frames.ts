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

/**
 * Frames out of a body as it streams in; a body that ends mid-frame is an EPROTOCOL error. A
 * frame within one piece of the body is a view of it; one across pieces is copied out once.
 */
export async function* readFrames(body: AsyncIterable<Uint8Array>): AsyncGenerator<{ hash: string; bytes: Uint8Array }> {
  const pieces: Uint8Array[] = [];
  let head = 0; // bytes of pieces[0] already taken
  let have = 0; // bytes not yet taken
  const take = (n: number): Uint8Array => {
    const first = pieces[0];
    if (first && first.length - head >= n) {
      // Within one piece: a view of it, no copy (pieces are not reused by the body).
      const out = first.subarray(head, head + n);
      head += n;
      if (head === first.length) {
        pieces.shift();
        head = 0;
      }
      have -= n;
      return out;
    }
    const out = new Uint8Array(n);
    for (let at = 0; at < n; ) {
      const piece = pieces[0]!;
      const k = Math.min(n - at, piece.length - head);
      out.set(piece.subarray(head, head + k), at);
      at += k;
      head += k;
      if (head === piece.length) {
        pieces.shift();
        head = 0;
      }
    }
    have -= n;
    return out;
  };
  let header: Uint8Array | undefined;
  let length = 0;
  for await (const piece of body) {
    if (!piece.length) continue;
    pieces.push(piece);
    have += piece.length;
    for (;;) {
      if (!header) {
        if (have < 36) break;
        header = take(36);
        length = new DataView(header.buffer, header.byteOffset, 36).getUint32(32, true);
      }
      if (have < length) break;
      yield { hash: toXetHex(header.subarray(0, 32)), bytes: take(length) };
      header = undefined;
    }
  }
  if (header || have) throw new RemoteError('EPROTOCOL', 'the chunk stream ended in the middle of a chunk');
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
