// Hashes of canonical encodings, written into one reused buffer so a memo hit allocates little.

import { toHex } from '../../hash/hex.js';
import { ByteWriter } from './byte-writer.js';
import { writeValue } from './encode.js';
import type { KeyedHash } from '../../hash/blake3.js';
import type { Origin } from './unkeyable.js';

// Kept between calls unless a huge argument grew it; taken while in use, so a getter that keys
// another call meanwhile gets a fresh one.
const KEEP_AT_MOST = 1 << 20;
let spare: ByteWriter | undefined;

function hashOne(w: ByteWriter, value: unknown, hash: KeyedHash, origin: () => Origin): string {
  w.length = 0;
  writeValue(w, value, origin);
  return toHex(hash(w.bytes.subarray(0, w.length)));
}

/** The hex hash of each value's encoding; `originOf(i)` words the error for value i. */
export function hashValues(values: readonly unknown[], hash: KeyedHash, originOf: (i: number) => Origin): string[] {
  const w = spare ?? new ByteWriter(4096);
  spare = undefined;
  try {
    const out: string[] = [];
    for (let i = 0; i < values.length; i++) out.push(hashOne(w, values[i], hash, () => originOf(i)));
    return out;
  } finally {
    if (w.bytes.length <= KEEP_AT_MOST) spare = w;
  }
}

/** The hex hash of a record made only of strings and arrays of strings. */
export function hashRecord(record: readonly unknown[], hash: KeyedHash): string {
  return hashValues([record], hash, () => ({ label: 'the key record' }))[0]!;
}
