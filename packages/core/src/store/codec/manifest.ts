// A value's manifest: its size, SHA-256, Xet hash, and the chunks that make it up in order,
// each with where it was stored when the value was written (a hint: the pack index is the truth).

import type { Blake3 } from '../../hash/blake3.js';
import { XetcacheError } from '../../errors.js';
import { bytesAt, frame, hexAt, putHex, unframe, viewAt } from './binary.js';

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

/**
 * A manifest written as the value streams in: each chunk goes straight into the encoded body,
 * so a put holds 84 bytes a chunk rather than an object and a hash array each.
 */
export class ManifestBuilder {
  private body = new Uint8Array(HEAD + 256 * ENTRY);
  private view = new DataView(this.body.buffer);
  private count = 0;
  private lastPack = '';
  private readonly lastPackBytes = new Uint8Array(16);

  get chunks(): number {
    return this.count;
  }

  add(hash: Uint8Array, length: number, pack: string, offset: number): void {
    const at = HEAD + this.count * ENTRY;
    if (at + ENTRY > this.body.length) {
      const grown = new Uint8Array(this.body.length * 2);
      grown.set(this.body);
      this.body = grown;
      this.view = new DataView(grown.buffer);
    }
    this.body.set(hash, at);
    this.view.setUint32(at + 32, length, true);
    if (pack !== this.lastPack) {
      putHex(this.lastPackBytes, 0, pack);
      this.lastPack = pack;
    }
    this.body.set(this.lastPackBytes, at + 36);
    this.view.setUint32(at + 52, offset, true);
    this.count++;
  }

  finish(blake3: Blake3, head: Omit<Manifest, 'chunks'>): Uint8Array {
    const body = this.body.subarray(0, HEAD + this.count * ENTRY);
    this.view.setBigUint64(0, BigInt(head.size), true);
    putHex(body, 8, head.sha256);
    body.set(head.xetHash, 40);
    this.view.setUint32(72, head.chunkTarget, true);
    this.view.setUint32(76, this.count, true);
    return frame(blake3, MAGIC, body);
  }
}

export function encodeManifest(blake3: Blake3, m: Manifest): Uint8Array {
  const builder = new ManifestBuilder();
  for (const c of m.chunks) builder.add(c.hash, c.length, c.pack, c.offset);
  return builder.finish(blake3, m);
}

export function decodeManifest(blake3: Blake3, bytes: Uint8Array, what = 'manifest'): Manifest {
  const view = unframe(blake3, MAGIC, bytes, what);
  const count = view.byteLength >= HEAD ? view.getUint32(76, true) : -1;
  if (count < 0 || view.byteLength !== HEAD + count * ENTRY) {
    throw new XetcacheError('EBADFORMAT', `${what}: length does not match its chunk count`);
  }
  const chunks: ManifestEntry[] = [];
  // A value's chunks sit in a few packs: one string per pack, not one per chunk.
  const packIds = new Map<string, string>();
  let total = 0;
  for (let i = 0, at = HEAD; i < count; i++, at += ENTRY) {
    const length = view.getUint32(at + 32, true);
    total += length;
    const id = hexAt(view, at + 36, 16);
    let pack = packIds.get(id);
    if (pack === undefined) packIds.set(id, (pack = id));
    chunks.push({ hash: viewAt(view, at, 32), length, pack, offset: view.getUint32(at + 52, true) });
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
