// A value's manifest: its size, SHA-256, Xet hash, and the chunks that make it up in order,
// each with where it was stored when the value was written (a hint: the pack index is the truth).

import type { Blake3 } from '../../hash/blake3.js';
import { XetcacheError } from '../../errors.js';
import { bytesAt, frame, hexAt, putHex, unframe } from './binary.js';

const MAGIC = 'XCMAN001';
const HEAD = 8 + 32 + 32 + 4 + 4; // size, sha256, xet hash, chunk target, count
const ENTRY = 32 + 4 + 16 + 4; // hash, length, pack id, offset

export interface ChunkLocation {
  pack: string;
  offset: number;
}

export interface ManifestEntry extends ChunkLocation {
  hash: Uint8Array;
  length: number;
}

export interface Manifest {
  size: number;
  sha256: string; // hex, no prefix
  xetHash: Uint8Array; // raw bytes
  chunkTarget: number;
  chunks: ManifestEntry[];
}

export function encodeManifest(blake3: Blake3, m: Manifest): Uint8Array {
  const body = new Uint8Array(HEAD + m.chunks.length * ENTRY);
  const view = new DataView(body.buffer);
  view.setBigUint64(0, BigInt(m.size), true);
  putHex(body, 8, m.sha256);
  body.set(m.xetHash, 40);
  view.setUint32(72, m.chunkTarget, true);
  view.setUint32(76, m.chunks.length, true);
  let at = HEAD;
  for (const c of m.chunks) {
    body.set(c.hash, at);
    view.setUint32(at + 32, c.length, true);
    putHex(body, at + 36, c.pack);
    view.setUint32(at + 52, c.offset, true);
    at += ENTRY;
  }
  return frame(blake3, MAGIC, body);
}

export function decodeManifest(blake3: Blake3, bytes: Uint8Array, what = 'manifest'): Manifest {
  const view = unframe(blake3, MAGIC, bytes, what);
  const count = view.byteLength >= HEAD ? view.getUint32(76, true) : -1;
  if (count < 0 || view.byteLength !== HEAD + count * ENTRY) {
    throw new XetcacheError('EBADFORMAT', `${what}: length does not match its chunk count`);
  }
  const chunks: ManifestEntry[] = [];
  let total = 0;
  for (let i = 0, at = HEAD; i < count; i++, at += ENTRY) {
    const length = view.getUint32(at + 32, true);
    total += length;
    chunks.push({
      hash: bytesAt(view, at, 32),
      length,
      pack: hexAt(view, at + 36, 16),
      offset: view.getUint32(at + 52, true),
    });
  }
  const size = Number(view.getBigUint64(0, true));
  if (size !== total) throw new XetcacheError('EBADFORMAT', `${what}: chunk lengths add up to ${total}, not ${size}`);
  return {
    size,
    sha256: hexAt(view, 8, 32),
    xetHash: bytesAt(view, 40, 32),
    chunkTarget: view.getUint32(72, true),
    chunks,
  };
}
