import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunkStore } from './chunk-store.js';
import { createMemoryFs } from './fs/memory.js';
import type { StoreFs } from './fs/port.js';
import { layout } from './layout.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { createWasmSha256 } from '../hash/sha256.js';
import { seededBytes } from '../testing/random.js';

const blake3 = await createWasmBlake3();
const sha256 = await createWasmSha256();
const MiB = 1024 * 1024;

/** The memory twin, with index writes failing while `failing` is set. */
function flakyFs(): { fs: StoreFs; files: Map<string, unknown>; fail(on: boolean): void } {
  const inner = createMemoryFs();
  let failing = false;
  const fs: StoreFs = {
    ...inner,
    async createWriter(path, options) {
      if (failing && path.endsWith('.idx')) throw new Error('disk full (simulated)');
      return inner.createWriter(path, options);
    },
  };
  return { fs, files: inner.files, fail: (on) => (failing = on) };
}

test('a pack that fails to publish in the background fails the put, and no manifest is written', async () => {
  const { fs, files, fail } = flakyFs();
  const store = createChunkStore({ fs, blake3, sha256, packSize: MiB });
  fail(true);
  await assert.rejects(store.put(seededBytes(1, 5 * MiB)), /disk full/);
  assert.equal([...files.keys()].filter((p) => p.startsWith(layout.valuesDir)).length, 0);
  fail(false);
  const data = seededBytes(2, 5 * MiB);
  const put = await store.put(data);
  assert.deepEqual(await store.getBytes(put.oid), data);
  const report = await store.verify();
  assert.deepEqual(report.problems, []);
});

test('every pack a value names is published before its manifest', async () => {
  const inner = createMemoryFs();
  const order: string[] = [];
  const fs: StoreFs = {
    ...inner,
    async createWriter(path, options) {
      const w = await inner.createWriter(path, options);
      return {
        get size() {
          return w.size;
        },
        write: (d) => w.write(d),
        abort: () => w.abort(),
        async commit() {
          // Slow publishing, so that puts overtake it unless they wait.
          if (path.endsWith('.pack')) await new Promise((r) => setTimeout(r, 20));
          await w.commit();
          order.push(path);
        },
      };
    },
  };
  const store = createChunkStore({ fs, blake3, sha256, packSize: MiB });
  await store.put(seededBytes(3, 6 * MiB));
  const manifest = order.findIndex((p) => p.startsWith(layout.valuesDir));
  const packs = order.filter((p) => p.endsWith('.pack') || p.endsWith('.idx'));
  assert.ok(packs.length >= 10, `${packs.length} pack files`);
  assert.equal(manifest, order.length - 1, 'the manifest is written last');
  for (const p of packs.filter((x) => x.endsWith('.idx'))) {
    assert.ok(order.indexOf(p.replace(/\.idx$/, '.pack')) < order.indexOf(p), 'a pack before its index');
  }
});
