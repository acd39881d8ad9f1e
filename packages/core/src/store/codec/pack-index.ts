// A pack's index: which chunks the pack holds, at which offsets. Written after the pack itself,
// so an index never names bytes that are not on disk.

import type { Blake3 } from '../../hash/blake3.js';
import { XetcacheError } from '../../errors.js';
import { frame, unframe, viewAt } from './binary.js';

const MAGIC = 'XCIDX001';
const ENTRY = 32 + 4 + 4; // hash, offset, length

export interface PackIndexEntry {
  hash: Uint8Array;
  offset: number;
  length: number;
}

export function encodePackIndex(blake3: Blake3, entries: readonly PackIndexEntry[]): Uint8Array {
  const body = new Uint8Array(4 + entries.length * ENTRY);
  const view = new DataView(body.buffer);
  view.setUint32(0, entries.length, true);
  let at = 4;
  for (const e of entries) {
    body.set(e.hash, at);
    view.setUint32(at + 32, e.offset, true);
    view.setUint32(at + 36, e.length, true);
    at += ENTRY;
  }
  return frame(blake3, MAGIC, body);
}

export function decodePackIndex(blake3: Blake3, bytes: Uint8Array, what = 'pack index'): PackIndexEntry[] {
  const view = unframe(blake3, MAGIC, bytes, what);
  const count = view.byteLength >= 4 ? view.getUint32(0, true) : -1;
  if (count < 0 || view.byteLength !== 4 + count * ENTRY) {
    throw new XetcacheError('EBADFORMAT', `${what}: length does not match its entry count`);
  }
  const out: PackIndexEntry[] = [];
  for (let i = 0, at = 4; i < count; i++, at += ENTRY) {
    out.push({ hash: viewAt(view, at, 32), offset: view.getUint32(at + 32, true), length: view.getUint32(at + 36, true) });
  }
  return out;
}
