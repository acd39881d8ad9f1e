// Shared framing of the store's binary files: an 8-byte magic, a body, and a keyed BLAKE3
// checksum of magic + body as the last 32 bytes, so that any damage is detected on decode.

import { XetcacheError } from '../../errors.js';
import type { Blake3 } from '../../hash/blake3.js';
import { DATA_KEY } from '../../hash/xet-keys.js';

const encoder = new TextEncoder();
const CHECKSUM = 32;

export function frame(blake3: Blake3, magic: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + CHECKSUM);
  out.set(encoder.encode(magic), 0);
  out.set(body, 8);
  out.set(blake3.keyed(DATA_KEY)(out.subarray(0, 8 + body.length)), 8 + body.length);
  return out;
}

/** The body of a framed file, after checking its magic and checksum. */
export function unframe(blake3: Blake3, magic: string, bytes: Uint8Array, what: string): DataView {
  if (bytes.length < 8 + CHECKSUM) throw new XetcacheError('EBADFORMAT', `${what}: truncated (${bytes.length} bytes)`);
  const head = new TextDecoder().decode(bytes.subarray(0, 8));
  if (head !== magic) throw new XetcacheError('EBADFORMAT', `${what}: not a ${magic} file (starts with '${head}')`);
  const end = bytes.length - CHECKSUM;
  const sum = blake3.keyed(DATA_KEY)(bytes.subarray(0, end));
  for (let i = 0; i < CHECKSUM; i++) {
    if (sum[i] !== bytes[end + i]) throw new XetcacheError('EINTEGRITY', `${what}: checksum mismatch, the file is damaged`);
  }
  return new DataView(bytes.buffer, bytes.byteOffset + 8, end - 8);
}

/** A copy of a field, independent of the file's bytes. */
export function bytesAt(view: DataView, offset: number, length: number): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + offset, length).slice();
}

/**
 * A field as a view into the file's bytes: for the per-chunk hashes of indexes and manifests,
 * where a copy each would cost ten times the 32 bytes and the file's buffer is kept anyway.
 */
export function viewAt(view: DataView, offset: number, length: number): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + offset, length);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Built as one flat string: one grown by `+=` stays a rope of `length` pieces while kept. */
export function hexAt(view: DataView, offset: number, length: number): string {
  const parts = new Array<string>(length);
  for (let i = 0; i < length; i++) parts[i] = HEX[view.getUint8(offset + i)]!;
  return parts.join('');
}

export function putHex(target: Uint8Array, offset: number, hex: string): void {
  for (let i = 0; i < hex.length / 2; i++) target[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}
