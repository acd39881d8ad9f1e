// Runs one round trip of a generated value through a fresh disk store and reports the peak RSS
// of this process, so the figure is not inflated by the rest of the benchmark. Plain JavaScript
// on the built package, as users run it: a TypeScript loader alone adds ~50 MiB to a process.

import { randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeStore } from '@xetcache/core/node';

// getrusage's maxrss is no good here: Linux carries it over from the forked parent, so a child of
// a big process reports at least the parent's size. VmHWM is this process's own high-water mark;
// elsewhere, sample.
let sampled = 0;
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 10);
function peakMiB() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return Math.max(sampled, process.memoryUsage.rss()) / 2 ** 20;
}

/**
 * `size` bytes as a stream of 1 MiB pieces, like a file read: each piece a different mix of one
 * random block, so no two are alike, written into one buffer, so that the generator neither
 * allocates as it goes nor costs more than a pass over the bytes. Each piece is overwritten by
 * the next: fine for put, which copies a piece before asking for more.
 */
async function* noiseStream(size, piece = 1024 * 1024) {
  const base = new Uint32Array(randomFillSync(new Uint8Array(piece)).buffer);
  const out = new Uint8Array(piece);
  const words = new Uint32Array(out.buffer);
  for (let at = 0, i = 1; at < size; at += piece, i++) {
    const mix = Math.imul(i, 0x9e3779b1);
    for (let j = 0; j < words.length; j++) words[j] = base[j] ^ mix;
    yield out.subarray(0, Math.min(piece, size - at));
  }
}

const size = Number(process.argv[2]);
const dir = await mkdtemp(join(tmpdir(), 'xetcache-rss-'));
try {
  const store = await openNodeStore(dir, { durable: false });
  const t0 = performance.now();
  const put = await store.put(noiseStream(size));
  const t1 = performance.now();
  let n = 0;
  for await (const piece of await store.get(put.oid)) n += piece.length;
  const t2 = performance.now();
  if (n !== size) throw new Error(`read ${n} of ${size} bytes`);
  process.stdout.write(JSON.stringify({ peakMiB: peakMiB(), putMs: t1 - t0, getMs: t2 - t1 }));
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
