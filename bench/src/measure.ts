// Timing and formatting helpers for the benchmark: best of N runs, MB/s, ratios.

export const MiB = 1024 * 1024;

export async function best<T>(runs: number, fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  let bestMs = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    bestMs = Math.min(bestMs, performance.now() - t);
  }
  return { ms: bestMs, result };
}

export const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function row(label: string, value: string): void {
  console.log(`  ${label.padEnd(52)} ${value}`);
}

/**
 * Fresh pseudo-random bytes (xorshift32 from `seed`), fast enough not to dominate a measurement;
 * the same seed gives the same bytes. Also the data of `npm run demo`.
 */
export function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, size >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  // A size that is not a multiple of 4 ends in bytes from the same sequence.
  for (let i = words.length * 4; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
