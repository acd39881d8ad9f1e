import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import { digest } from './hash-chunks.js';
import { chunkParams } from './params.js';
import { createNativeBlake3 } from '../node/blake3-native.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { nodeSha256 } from '../node/sha256-node.js';
import { seededBytes, ragged } from '../testing/random.js';
import { edgeInputs } from '../testing/chunk-inputs.js';

const KiB = 1024;
const native = createNativeBlake3();
assert.ok(native, 'the native BLAKE3 loads on this platform');
const wasm = await createWasmBlake3();

const inputs: Array<[string, Uint8Array]> = [
  ...edgeInputs(),
  ['9 MiB crossing the working buffer', seededBytes(13, 9 * 1024 * KiB + 12345)],
];

for (const [name, data] of inputs) {
  test(`chunks and hashes match xet-core's reference: ${name}`, async () => {
    const expected = getChunks(data);
    for (const blake3 of [native!, wasm]) {
      for (const source of [data, ragged(data, data.length)]) {
        const got = await digest(source, { blake3, sha256: nodeSha256 });
        assert.deepEqual(
          got.chunks.map((c) => c.length),
          expected.map((c) => c.length),
          `${blake3.name}: chunk lengths`,
        );
        assert.deepEqual(
          got.chunks.map((c) => hashToHex(c.hash)),
          expected.map((c) => hashToHex(c.hash)),
          `${blake3.name}: chunk hashes`,
        );
        assert.equal(got.xetHash, hashToHex(fileHash(expected)), `${blake3.name}: file hash`);
        assert.equal(got.size, data.length);
        assert.equal(got.oid, `sha256:${createHash('sha256').update(data).digest('hex')}`);
      }
    }
  });
}

test('small targets follow the same rule as the reference', async () => {
  for (const target of [128, 1024, 4096]) {
    const data = seededBytes(target, 300 * KiB);
    const got = await digest(data, { blake3: native!, sha256: nodeSha256, params: chunkParams(target) });
    const expected = getChunks(data, target);
    assert.deepEqual(got.chunks.map((c) => c.length), expected.map((c) => c.length), `target ${target}`);
  }
});

test('chunk parameters are those of Xet', () => {
  const p = chunkParams();
  assert.equal(p.target, 65536);
  assert.equal(p.min, 8192);
  assert.equal(p.max, 131072);
  assert.equal(p.mask, 0xffff000000000000n);
  assert.throws(() => chunkParams(1000), /power of two/);
});
