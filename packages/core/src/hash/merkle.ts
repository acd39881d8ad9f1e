// Xet's file hash: chunk hashes aggregated into a content-defined merkle tree (a node closes
// after a child whose hash is 0 mod 4, with 2 to 9 children), the root then keyed with the
// file salt. An empty file hashes to 32 zero bytes.

import type { Blake3 } from './blake3.js';
import { toXetHex } from './hex.js';
import { FILE_SALT, NODE_KEY } from './xet-keys.js';

export interface ChunkRef {
  hash: Uint8Array;
  length: number;
}

const MEAN_BRANCHING = 4;
const MAX_CHILDREN = 2 * MEAN_BRANCHING + 1;
const encoder = new TextEncoder();

/** Xet reads a hash as four little-endian u64 words; the cut tests the last word mod 4. */
function isCut(hash: Uint8Array): boolean {
  return hash[24]! % MEAN_BRANCHING === 0;
}

function cutLength(level: ChunkRef[], from: number): number {
  const left = level.length - from;
  if (left <= 2) return left;
  const end = Math.min(MAX_CHILDREN, left);
  for (let i = 2; i < end; i++) if (isCut(level[from + i]!.hash)) return i + 1;
  return end;
}

function mergeNodes(nodeHash: (d: Uint8Array) => Uint8Array, children: ChunkRef[]): ChunkRef {
  let text = '';
  let length = 0;
  for (const child of children) {
    text += `${toXetHex(child.hash)} : ${child.length}\n`;
    length += child.length;
  }
  return { hash: nodeHash(encoder.encode(text)), length };
}

/** The merkle root over the chunks (Xet's aggregated node hash). */
export function merkleRoot(blake3: Blake3, chunks: readonly ChunkRef[]): Uint8Array {
  if (chunks.length === 0) return new Uint8Array(32);
  const nodeHash = blake3.keyed(NODE_KEY);
  let level = chunks.slice();
  while (level.length > 1) {
    const next: ChunkRef[] = [];
    for (let i = 0; i < level.length; ) {
      const n = cutLength(level, i);
      next.push(mergeNodes(nodeHash, level.slice(i, i + n)));
      i += n;
    }
    level = next;
  }
  return level[0]!.hash.slice();
}

/** Xet's file hash of a value made of these chunks. */
export function xetFileHash(blake3: Blake3, chunks: readonly ChunkRef[]): Uint8Array {
  if (chunks.length === 0) return new Uint8Array(32);
  return blake3.keyed(FILE_SALT)(merkleRoot(blake3, chunks)).slice();
}
