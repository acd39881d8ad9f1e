// A value's manifest: its size, SHA-256, Xet hash, and its chunks in order with where each was
// stored (pack and offset). Format: frame('XHMAN001', size u64 | sha256 [32] | xet hash [32] |
// count u32 | per chunk: hash [32] | length u32 | pack id [16] | offset u32), little-endian.

import { damaged, frame, unframe } from './codec.js';

export interface ChunkLocation {
  /** 32 hex digits. */
  pack: string;
  offset: number;
  length: number;
}

export interface ManifestChunk extends ChunkLocation {
  /** The chunk's BLAKE3 hash (keyed with Xet's data key), 32 bytes. */
  hash: Uint8Array;
}

export interface Manifest {
  size: number;
  sha256: Uint8Array;
  xetHash: Uint8Array;
  chunks: ManifestChunk[];
}

const MAGIC = 'XHMAN001';
const HEAD = 8 + 32 + 32 + 4;
const ENTRY = 32 + 4 + 16 + 4;

export function encodeManifest(m: Manifest): Uint8Array {
  const body = Buffer.alloc(HEAD + ENTRY * m.chunks.length);
  body.writeBigUInt64LE(BigInt(m.size), 0);
  body.set(m.sha256, 8);
  body.set(m.xetHash, 40);
  body.writeUInt32LE(m.chunks.length, 72);
  let at = HEAD;
  for (const c of m.chunks) {
    body.set(c.hash, at);
    body.writeUInt32LE(c.length, at + 32);
    body.write(c.pack, at + 36, 16, 'hex');
    body.writeUInt32LE(c.offset, at + 52);
    at += ENTRY;
  }
  return frame(MAGIC, body);
}

export function decodeManifest(data: Uint8Array, what: string): Manifest {
  const body = unframe(MAGIC, data, what);
  if (body.length < HEAD) throw damaged(what);
  const count = body.readUInt32LE(72);
  if (body.length !== HEAD + ENTRY * count) throw damaged(what);
  const size = Number(body.readBigUInt64LE(0));
  const chunks: ManifestChunk[] = [];
  let total = 0;
  for (let i = 0, at = HEAD; i < count; i++, at += ENTRY) {
    const length = body.readUInt32LE(at + 32);
    total += length;
    chunks.push({
      hash: new Uint8Array(body.subarray(at, at + 32)),
      length,
      pack: body.toString('hex', at + 36, at + 52),
      offset: body.readUInt32LE(at + 52),
    });
  }
  if (total !== size) throw damaged(what);
  return { size, sha256: new Uint8Array(body.subarray(8, 40)), xetHash: new Uint8Array(body.subarray(40, 72)), chunks };
}
