import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { digest } from './hash-chunks.js';
import { toXetHex } from '../hash/hex.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { createNativeBlake3 } from '../node/blake3-native.js';
import { nodeSha256 } from '../node/sha256-node.js';
import { seededBytes } from '../testing/random.js';

// Vectors produced by xet-core's reference and committed, so a change to the chunker, the
// hashes or the hex convention fails here even without the reference package.
const { vectors } = JSON.parse(readFileSync(new URL('./golden-vectors.json', import.meta.url), 'utf8')) as {
  vectors: Array<{ seed: number; size: number; oid: string; xetHash: string; chunks: Array<{ hash: string; length: number }> }>;
};

for (const blake3 of [createNativeBlake3()!, await createWasmBlake3()]) {
  test(`golden vectors (${blake3.name})`, async () => {
    assert.ok(vectors.length >= 7);
    for (const v of vectors) {
      const got = await digest(seededBytes(v.seed, v.size), { blake3, sha256: nodeSha256 });
      assert.equal(got.oid, v.oid);
      assert.equal(got.xetHash, v.xetHash);
      assert.deepEqual(got.chunks.map((c) => ({ hash: toXetHex(c.hash), length: c.length })), v.chunks);
    }
  });
}
