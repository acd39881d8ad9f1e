// Runs one round trip of a generated value through a fresh disk store and reports the peak RSS
// of this process, so the figure is not inflated by the rest of the benchmark.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeStore } from '@xetcache/core/node';
import { noise, MiB } from './measure.js';

const size = Number(process.argv[2]);
const dir = await mkdtemp(join(tmpdir(), 'xetcache-rss-'));
try {
  const store = await openNodeStore(dir, { durable: false });
  const block = 8 * MiB;
  async function* source() {
    for (let at = 0, i = 1; at < size; at += block, i++) yield noise(Math.min(block, size - at), i * 7919);
  }
  const t0 = performance.now();
  const put = await store.put(source());
  const t1 = performance.now();
  let n = 0;
  for await (const piece of await store.get(put.oid)) n += piece.length;
  const t2 = performance.now();
  if (n !== size) throw new Error(`read ${n} of ${size} bytes`);
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ peakMiB, putMs: t1 - t0, getMs: t2 - t1 }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
