import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readdir, writeFile, utimes, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeFs } from './node-fs.js';
import { storeFsConformance } from '../testing/fs-conformance.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xetcache-fs-'));
  dirs.push(dir);
  return dir;
};

storeFsConformance('node fs', async () => createNodeFs(await fresh()));

test('node fs: refuses paths that would leave the root', async () => {
  const fs = createNodeFs(await fresh());
  for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a/./b', 'a\\..\\b']) {
    await assert.rejects(fs.readFile(bad), { code: 'EINVAL' }, bad);
    await assert.rejects(fs.createWriter(bad), { code: 'EINVAL' }, bad);
  }
});

test('node fs: an aborted or failed writer leaves no temp file', async () => {
  const root = await fresh();
  const fs = createNodeFs(root);
  const w = await fs.createWriter('x');
  await w.write(new Uint8Array(10));
  assert.equal((await readdir(join(root, 'tmp'))).length, 1);
  await w.abort();
  assert.deepEqual(await readdir(join(root, 'tmp')), []);
});

test('node fs: sweepTemp removes only old temporaries', async () => {
  const root = await fresh();
  const fs = createNodeFs(root);
  await mkdir(join(root, 'tmp'), { recursive: true });
  await writeFile(join(root, 'tmp', 'old.tmp'), 'xx');
  await writeFile(join(root, 'tmp', 'new.tmp'), 'yyy');
  const past = new Date(Date.now() - 2 * 3600_000);
  await utimes(join(root, 'tmp', 'old.tmp'), past, past);
  assert.equal(await fs.sweepTemp(Date.now() - 3600_000), 2);
  assert.deepEqual(await readdir(join(root, 'tmp')), ['new.tmp']);
});
