import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkIndex, chunkKey } from './chunk-index.js';
import { createMemoryFs } from './fs/memory.js';
import { writeFileAtomic } from './fs/port.js';
import { encodePackIndex, type PackIndexEntry } from './codec/pack-index.js';
import { layout, newPackId } from './layout.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { seededBytes } from '../testing/random.js';

const blake3 = await createWasmBlake3();
const hash = (seed: number) => seededBytes(seed, 32);
const entry = (seed: number, offset: number, length = 100): PackIndexEntry => ({ hash: hash(seed), offset, length });

test('chunkKey tells hashes apart by every byte and is a flat 32-character string', () => {
  const a = hash(1);
  const b = a.slice();
  assert.equal(chunkKey(a), chunkKey(b));
  assert.equal(chunkKey(a).length, 32);
  for (let i = 0; i < 32; i++) {
    const c = a.slice();
    c[i] = c[i]! ^ 0x80;
    assert.notEqual(chunkKey(c), chunkKey(a), `byte ${i}`);
  }
  const keys = new Set(Array.from({ length: 1000 }, (_, i) => chunkKey(hash(i))));
  assert.equal(keys.size, 1000);
});

test('add, get and entries give back what was added', () => {
  const index = new ChunkIndex(createMemoryFs(), blake3);
  const p = newPackId();
  const entries = [entry(1, 8), entry(2, 108, 50), entry(3, 158, 7)];
  index.add(p, entries);
  assert.deepEqual(index.get(hash(2)), { pack: p, offset: 108, length: 50 });
  assert.deepEqual(index.getByKey(chunkKey(hash(3))), { pack: p, offset: 158, length: 7 });
  assert.equal(index.get(hash(4)), undefined);
  assert.deepEqual(index.packIds(), [p]);
  assert.deepEqual(
    index.entries(p)!.map((e) => ({ ...e, hash: Array.from(e.hash) })),
    entries.map((e) => ({ ...e, hash: Array.from(e.hash) })),
  );
  assert.equal(index.entries(newPackId()), undefined);
});

test('the first pack to hold a chunk answers; forgetting it falls back to another', () => {
  const index = new ChunkIndex(createMemoryFs(), blake3);
  const [p1, p2, p3] = [newPackId(), newPackId(), newPackId()];
  index.add(p1, [entry(1, 8), entry(2, 108)]);
  index.add(p2, [entry(3, 8), entry(2, 108)]);
  index.add(p3, [entry(2, 500)]);
  assert.equal(index.get(hash(2))?.pack, p1);
  index.forget(p1);
  assert.equal(index.get(hash(1)), undefined);
  assert.deepEqual(index.get(hash(2)), { pack: p2, offset: 108, length: 100 });
  index.forget(p2);
  assert.deepEqual(index.get(hash(2)), { pack: p3, offset: 500, length: 100 });
  assert.equal(index.get(hash(3)), undefined);
  assert.deepEqual(index.packIds(), [p3]);
  index.forget(p3);
  index.forget(p3);
  assert.equal(index.get(hash(2)), undefined);
  assert.deepEqual(index.packIds(), []);
});

test('adding a pack again replaces its entries', () => {
  const index = new ChunkIndex(createMemoryFs(), blake3);
  const p = newPackId();
  index.add(p, [entry(1, 8), entry(2, 108)]);
  index.add(p, [entry(2, 8)]);
  assert.equal(index.get(hash(1)), undefined);
  assert.deepEqual(index.get(hash(2)), { pack: p, offset: 8, length: 100 });
});

test('refresh reads new index files, forgets removed ones and records damaged ones', async () => {
  const fs = createMemoryFs();
  const index = new ChunkIndex(fs, blake3);
  const [p1, p2, bad] = [newPackId(), newPackId(), newPackId()];
  await writeFileAtomic(fs, layout.packIndex(p1), encodePackIndex(blake3, [entry(1, 8)]));
  await writeFileAtomic(fs, layout.packIndex(p2), encodePackIndex(blake3, [entry(2, 8), entry(1, 108)]));
  await writeFileAtomic(fs, layout.packIndex(bad), new Uint8Array(50));
  await index.refresh();
  assert.deepEqual(index.packIds().sort(), [p1, p2].sort());
  assert.ok(index.damaged.has(bad));
  await fs.remove(layout.packIndex(p1));
  await index.refresh();
  assert.deepEqual(index.packIds(), [p2]);
  assert.deepEqual(index.get(hash(1)), { pack: p2, offset: 108, length: 100 });
});
