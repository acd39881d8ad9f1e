// A pack's index: which chunks the pack holds and where. Format: frame('XHIDX001', count u32 |
// per chunk: hash [32] | offset u32 | length u32), little-endian.

import { damaged, frame, unframe } from './codec.js';

export interface PackEntry {
  hash: Uint8Array;
  offset: number;
  length: number;
}

const MAGIC = 'XHIDX001';
const ENTRY = 40;

export function encodePackIndex(entries: PackEntry[]): Uint8Array {
  const body = Buffer.alloc(4 + ENTRY * entries.length);
  body.writeUInt32LE(entries.length, 0);
  let at = 4;
  for (const e of entries) {
    body.set(e.hash, at);
    body.writeUInt32LE(e.offset, at + 32);
    body.writeUInt32LE(e.length, at + 36);
    at += ENTRY;
  }
  return frame(MAGIC, body);
}

export function decodePackIndex(data: Uint8Array, what: string): PackEntry[] {
  const body = unframe(MAGIC, data, what);
  if (body.length < 4) throw damaged(what);
  const count = body.readUInt32LE(0);
  if (body.length !== 4 + ENTRY * count) throw damaged(what);
  const out: PackEntry[] = [];
  for (let i = 0, at = 4; i < count; i++, at += ENTRY) {
    out.push({ hash: new Uint8Array(body.subarray(at, at + 32)), offset: body.readUInt32LE(at + 32), length: body.readUInt32LE(at + 36) });
  }
  return out;
}
