import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFsBlobStore } from './fs.js';
import { blobStoreConformance } from './testing/conformance.js';

blobStoreConformance({
  name: 'filesystem blob store',
  async open() {
    const root = await mkdtemp(join(tmpdir(), 'xetcache-hub-fs-'));
    return { store: await openFsBlobStore(root), close: () => rm(root, { recursive: true, force: true }) };
  },
});

test('filesystem blob store: temporaries of dead writers are swept at open, fresh ones kept', async () => {
  const root = await mkdtemp(join(tmpdir(), 'xetcache-hub-fs-'));
  try {
    await openFsBlobStore(root);
    await writeFile(join(root, '.tmp', 'old'), 'x');
    await writeFile(join(root, '.tmp', 'fresh'), 'x');
    const past = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(root, '.tmp', 'old'), past, past);
    const store = await openFsBlobStore(root);
    assert.deepEqual(await readdir(join(root, '.tmp')), ['fresh']);
    const keys: string[] = [];
    for await (const k of store.list('')) keys.push(k);
    assert.deepEqual(keys, [], 'temporaries are never listed');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
