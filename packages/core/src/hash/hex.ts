// Hex encodings. Plain hex is byte order (SHA-256 oids); Xet prints a 32-byte hash as four
// little-endian u64 words, each in big-endian hex, so the bytes of every 8-byte word are reversed.

import { XetcacheError } from '../errors.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) {
    throw new XetcacheError('EINVAL', `not lowercase hex: '${hex.slice(0, 80)}'`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A 32-byte hash in Xet's hex convention. */
export function toXetHex(hash: Uint8Array): string {
  if (hash.length !== 32) throw new XetcacheError('EINVAL', `a Xet hash has 32 bytes, got ${hash.length}`);
  let out = '';
  for (let word = 0; word < 32; word += 8) {
    for (let i = word + 7; i >= word; i--) out += HEX[hash[i]!];
  }
  return out;
}

/** Inverse of toXetHex. */
export function fromXetHex(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new XetcacheError('EINVAL', `a Xet hash is 64 lowercase hex characters, got '${hex.slice(0, 80)}'`);
  }
  const plain = fromHex(hex);
  const out = new Uint8Array(32);
  for (let word = 0; word < 32; word += 8) {
    for (let i = 0; i < 8; i++) out[word + i] = plain[word + 7 - i]!;
  }
  return out;
}
