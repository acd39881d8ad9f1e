import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeFs } from './node-fs.js';
import { openNodeStore } from './open-store.js';
import { chunkStoreConformance } from '../testing/store-conformance.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

chunkStoreConformance('disk store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xetcache-store-'));
  dirs.push(dir);
  const fs = createNodeFs(dir);
  return { fs, store: await openNodeStore(dir, { packSize: 1024 * 1024 }) };
});
