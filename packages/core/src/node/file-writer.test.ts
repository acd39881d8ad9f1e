import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeFs } from './node-fs.js';
import { seededBytes } from '../testing/random.js';

const MiB = 1024 * 1024;
const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xetcache-writer-'));
  dirs.push(dir);
  return dir;
};

/** Writes `data` in pieces of varying size, reusing one scratch buffer as a put does. */
async function writeInPieces(write: (d: Uint8Array) => Promise<void>, data: Uint8Array): Promise<void> {
  const scratch = new Uint8Array(200_000);
  for (let at = 0, k = 0; at < data.length; k++) {
    const n = Math.min(data.length - at, k % 7 === 3 ? 5 * MiB : 1 + ((k * 7919) % 200_000));
    if (n > scratch.length) {
      await write(data.subarray(at, at + n));
    } else {
      scratch.set(data.subarray(at, at + n));
      await write(scratch.subarray(0, n));
      scratch.fill(0xee); // whatever the writer kept must already be its own
    }
    at += n;
  }
}

for (const durable of [false, true]) {
  test(`node writer: many buffers in flight land in order (durable: ${durable})`, async () => {
    const root = await fresh();
    const fs = createNodeFs(root);
    const data = seededBytes(durable ? 2 : 1, 40 * MiB + 12345);
    const w = await fs.createWriter('v1/packs/a.pack', { durable });
    await writeInPieces((d) => w.write(d), data);
    assert.equal(w.size, data.length);
    await w.commit();
    assert.ok((await readFile(join(root, 'v1/packs/a.pack'))).equals(data));
    assert.deepEqual(await readdir(join(root, 'tmp')), []);
  });
}

test('node writer: abort with writes in flight leaves nothing behind', async () => {
  const root = await fresh();
  const fs = createNodeFs(root);
  const w = await fs.createWriter('x', { durable: true });
  await writeInPieces((d) => w.write(d), seededBytes(3, 30 * MiB));
  await w.abort();
  assert.deepEqual(await readdir(join(root, 'tmp')), []);
  await assert.rejects(w.write(new Uint8Array(1)), { code: 'EINVAL' });
});

test('node writer: a write that fails in the background fails the writer, and nothing is left', { skip: process.platform !== 'linux' }, () => {
  // A file size limit (ulimit -f, in 512-byte blocks) makes the kernel refuse writes past 4 MiB.
  const root = fileURLToPath(new URL('.', import.meta.url));
  const script = `
    const { createNodeFs } = await import(${JSON.stringify(join(root, 'node-fs.ts'))});
    const { readdir } = await import('node:fs/promises');
    const dir = process.argv[1];
    const fs = createNodeFs(dir);
    const w = await fs.createWriter('x');
    const piece = new Uint8Array(64 * 1024).fill(7);
    let failed;
    try {
      for (let i = 0; i < 256; i++) await w.write(piece);
      await w.commit();
    } catch (err) {
      failed = err.code;
      await w.abort();
    }
    console.log(failed, (await readdir(dir + '/tmp')).length);
  `;
  const dir = join(tmpdir(), `xetcache-writer-limit-${process.pid}`);
  dirs.push(dir);
  const run = spawnSync(
    'bash',
    ['-c', 'ulimit -f 8192 && exec "$0" --conditions=source --import tsx --input-type=module --eval "$1" "$2"', process.execPath, script, dir],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'EFBIG 0');
});
