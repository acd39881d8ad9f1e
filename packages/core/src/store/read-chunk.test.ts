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
