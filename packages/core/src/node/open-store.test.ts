import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import { nodeStoreDeps, openNodeStore } from './open-store.js';
import { closeHashWorkers, parallelHashChunks } from './parallel-hash.js';
import { hashChunks } from '../chunking/hash-chunks.js';
import { seededBytes, ragged } from '../testing/random.js';

const MiB = 1024 * 1024;
const dirs: string[] = [];
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xetcache-open-'));
  dirs.push(dir);
  return dir;
};
after(async () => {
  await closeHashWorkers();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('openNodeStore hashes on worker threads unless told not to, and a given hasher wins', async () => {
  const dir = await fresh();
  assert.equal((await nodeStoreDeps(dir)).hashChunks, parallelHashChunks);
  assert.equal((await nodeStoreDeps(dir, { parallel: false })).hashChunks, hashChunks);
  const own: typeof hashChunks = (source, deps) => hashChunks(source, deps);
  assert.equal((await nodeStoreDeps(dir, { hashChunks: own, parallel: true })).hashChunks, own);
  assert.equal((await nodeStoreDeps(dir, { hashChunks: undefined })).hashChunks, parallelHashChunks);
});

test('the default (worker) store and a single-threaded one store the same value alike', async () => {
  // Large enough to go to the workers, in several packs.
  const data = seededBytes(4242, 13 * MiB + 321);
  const ref = getChunks(data);
  const results = [];
  for (const options of [{}, { parallel: false }]) {
    const store = await openNodeStore(await fresh(), { ...options, packSize: 4 * MiB });
    for (const source of [data, ragged(data, 7)]) {
      const put = await store.put(source);
      assert.equal(put.xetHash, hashToHex(fileHash(ref)));
      assert.deepEqual(await store.getBytes(put.oid), data);
      const info = await store.stat(put.oid);
      assert.deepEqual(info?.chunks, ref.map((c) => ({ hash: hashToHex(c.hash), length: c.length })));
      results.push({ oid: put.oid, size: put.size, xetHash: put.xetHash, chunks: put.chunks });
    }
    assert.equal((await store.verify()).problems.length, 0);
  }
  for (const r of results) assert.deepEqual(r, results[0]);
});

test('a process that puts and gets through the default store exits by itself', async () => {
  const dir = await fresh();
  const module = fileURLToPath(new URL('./open-store.ts', import.meta.url));
  const script = `
    const { openNodeStore } = await import(${JSON.stringify(module)});
    const store = await openNodeStore(${JSON.stringify(dir)}, { durable: false });
    const data = new Uint8Array(12 << 20).map((_, i) => (i * 2654435761) >>> 23);
    const put = await store.put(data);
    let n = 0;
    for await (const piece of await store.get(put.oid)) n += piece.length;
    async function* failing() { yield data.subarray(0, 9 << 20); throw new Error('boom'); }
    const err = await store.put(failing()).catch((e) => e);
    console.log(n, err.message);
  `;
  const run = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '--eval', script],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.error, undefined, 'the process exits by itself');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), `${12 << 20} boom`);
});
