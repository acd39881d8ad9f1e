import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryFs } from './fs/memory.js';
import { createChunkStore } from './chunk-store.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { createWasmSha256 } from '../hash/sha256.js';

const blake3 = await createWasmBlake3();
const sha256 = await createWasmSha256();

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

test('readChunk returns each chunk of a value by its hash, and undefined for one the store lacks', async () => {
  const store = createChunkStore({ fs: createMemoryFs(), blake3, sha256, packSize: 1024 * 1024 });
  const value = bytes(600_000, 7);
  const { oid } = await store.put(value);
  const info = (await store.stat(oid))!;
  assert.ok(info.chunks.length > 1);
  let at = 0;
  for (const c of info.chunks) {
    const chunk = await store.readChunk(c.hash);
    assert.deepEqual(chunk, value.subarray(at, at + c.length));
    at += c.length;
  }
  assert.equal(await store.readChunk('ab'.repeat(32)), undefined);
});

test('readChunk follows a chunk that another store on the same files compacted into a new pack', async () => {
  const fs = createMemoryFs();
  const writer = createChunkStore({ fs, blake3, sha256, packSize: 4 * 1024 * 1024 });
  const reader = createChunkStore({ fs, blake3, sha256, packSize: 4 * 1024 * 1024 });
  // One pack holding a live part and a dead part: `kept` shares all but its last chunk with `both`.
  const kept = bytes(900_000, 2);
  const both = new Uint8Array(1_800_000);
  both.set(kept);
  both.set(bytes(900_000, 1), 900_000);
  const combined = await writer.put(both);
  const { oid } = await writer.put(kept);
  const chunks = (await writer.stat(oid))!.chunks;
  // The reader learns where the chunks are; then the writer drops `both` and rewrites its pack.
  for (const c of chunks) assert.ok(await reader.readChunk(c.hash));
  const packs = async () => (await fs.list('v1/packs')).filter((n) => n.endsWith('.pack'));
  const before = await packs();
  await writer.delete(combined.oid);
  const report = await writer.compact({ rewriteBelow: 1 });
  assert.equal(report.packsRewritten, 1);
  const after = await packs();
  assert.ok(before.some((n) => !after.includes(n)), 'a pack the reader knew is gone');
  let at = 0;
  for (const c of chunks) {
    assert.equal(await reader.hasChunk(c.hash), true);
    assert.deepEqual(await reader.readChunk(c.hash), kept.subarray(at, at + c.length));
    at += c.length;
  }
});
