// Seeded pseudo-random bytes (a counter through a 32-bit finaliser: period 2^32 words), so that a
// failing input can be reproduced from its seed.

export function seededBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const words = new Uint32Array(out.buffer, 0, length >>> 2);
  let state = Math.imul(seed, 0x9e3779b9) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
  for (let i = 0; i < words.length; i++) words[i] = next();
  for (let i = words.length * 4; i < length; i++) out[i] = next() & 0xff;
  return out;
}

/** Splits bytes into pieces of varying sizes, as a network or file stream would deliver them. */
export function* ragged(data: Uint8Array, seed: number): Generator<Uint8Array> {
  const sizes = seededBytes(seed, 64);
  let at = 0;
  for (let k = 0; at < data.length; k++) {
    const n = 1 + ((sizes[k % 64]! * 977 + k * 131) % 200_000);
    yield data.subarray(at, at + n);
    at += n;
  }
}
