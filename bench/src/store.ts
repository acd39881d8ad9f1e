// Put and get throughput of the disk store, and what a 1-byte insert costs.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeStore } from '@xetcache/core/node';
import { best, fmt, mbps, row, MiB } from './measure.js';

export async function benchStore(data: Uint8Array): Promise<void> {
  console.log(`\nlocal store, ${data.length / MiB} MiB value on disk (best of 3, fresh store each put)`);
  for (const durable of [true, false]) {
    const dirs: string[] = [];
    const put = await best(3, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'xetcache-bench-'));
      dirs.push(dir);
      const store = await openNodeStore(dir, { durable });
      return { store, put: await store.put(data) };
    });
    const { store, put: stored } = put.result;
    const get = await best(3, async () => {
      let n = 0;
      for await (const piece of await store.get(stored.oid)) n += piece.length;
      return n;
    });
    const label = durable ? 'fsync before publishing (default)' : 'no fsync';
    row(`put, ${label}`, `${fmt(mbps(data.length, put.ms))} MB/s`);
    row(`get (every chunk verified), ${label}`, `${fmt(mbps(get.result, get.ms))} MB/s`);
    if (durable) {
      const edited = new Uint8Array(data.length + 1);
      const mid = data.length >>> 1;
      edited.set(data.subarray(0, mid));
      edited[mid] = 0x5a;
      edited.set(data.subarray(mid), mid + 1);
      const again = await store.put(edited);
      row('1-byte insert in the middle: new chunks', `${again.newChunks} of ${again.chunks}`);
      row('1-byte insert in the middle: bytes newly stored', `${fmt(again.newBytes)} (${fmt((100 * again.newBytes) / data.length, 3)}%)`);
    }
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
