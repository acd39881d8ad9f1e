import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import { closeHashWorkers, parallelDigest, parallelHashChunks, type ParallelHashDeps } from './parallel-hash.js';
import { chunkParams } from '../chunking/params.js';
import type { ByteSource } from '../chunking/chunker.js';
import type { Digest } from '../chunking/hash-chunks.js';
import { createNativeBlake3 } from './blake3-native.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { nodeSha256 } from './sha256-node.js';
import { edgeInputs } from '../testing/chunk-inputs.js';
import { seededBytes, ragged } from '../testing/random.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const native = createNativeBlake3();
assert.ok(native, 'the native BLAKE3 loads on this platform');
const wasm = await createWasmBlake3();
// Small blocks, so that modest inputs cross many of them; no size threshold, so they do.
const base: ParallelHashDeps = { blake3: native!, sha256: nodeSha256, blockSize: 256 * KiB, minParallelSize: 0 };

after(() => closeHashWorkers());

function sha256Oid(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Drains the generator, checking each yielded chunk against the input while its view is valid. */
async function hashAndCheck(data: Uint8Array, source: ByteSource, deps: ParallelHashDeps): Promise<Digest> {
  const it = parallelHashChunks(source, deps);
  let offset = 0;
  let index = 0;
  for (;;) {
    const step = await it.next();
    if (step.done) {
      const digest = step.value;
      assert.equal(index, digest.chunks.length, 'one yield per chunk');
      assert.equal(offset, data.length, 'chunks cover the input');
      return digest;
    }
    const { data: bytes, hash, offset: at } = step.value;
    assert.equal(at, offset, `offset of chunk ${index}`);
    assert.ok(bytes.length > 0, 'no empty chunk');
    assert.ok(Buffer.from(bytes).equals(data.subarray(at, at + bytes.length)), `bytes of chunk ${index}`);
    assert.equal(hash.length, 32);
    offset += bytes.length;
    index++;
  }
}

function assertMatchesReference(got: Digest, data: Uint8Array, target?: number, label = ''): void {
  const expected = getChunks(data, target);
  assert.deepEqual(got.chunks.map((c) => c.length), expected.map((c) => c.length), `${label} chunk lengths`);
  assert.deepEqual(
    got.chunks.map((c) => hashToHex(c.hash)),
    expected.map((c) => hashToHex(c.hash)),
    `${label} chunk hashes`,
  );
  assert.equal(got.xetHash, hashToHex(fileHash(expected)), `${label} file hash`);
  assert.equal(got.size, data.length, `${label} size`);
  assert.equal(got.oid, sha256Oid(data), `${label} oid`);
}

const inputs: Array<[string, Uint8Array]> = [
  ...edgeInputs(),
  ['one block exactly', seededBytes(20, 256 * KiB)],
  ['one block and a byte', seededBytes(21, 256 * KiB + 1)],
  ['two blocks exactly', seededBytes(22, 512 * KiB)],
  ['9 MiB over 36 blocks', seededBytes(13, 9 * MiB + 12345)],
];

for (const [name, data] of inputs) {
  test(`parallel chunks and hashes match xet-core's reference: ${name}`, async () => {
    for (const blake3 of [native!, wasm]) {
      for (const source of [data, ragged(data, data.length)]) {
        const got = await hashAndCheck(data, source, { ...base, blake3 });
        assertMatchesReference(got, data, undefined, blake3.name);
      }
    }
  });
}

test('block sizes and worker counts do not change the result', async () => {
  const data = seededBytes(300, 5 * MiB + 777);
  const expected = getChunks(data);
  for (const blockSize of [256 * KiB, 256 * KiB + 32, 300_001, 1 * MiB]) {
    for (const workers of [1, 2, 3]) {
      const got = await parallelDigest(ragged(data, blockSize), { ...base, blockSize, workers });
      assert.deepEqual(got.chunks.map((c) => c.length), expected.map((c) => c.length), `${blockSize}/${workers}`);
      assert.equal(got.xetHash, hashToHex(fileHash(expected)), `${blockSize}/${workers}`);
      assert.equal(got.oid, sha256Oid(data));
    }
  }
});

test('small targets, with blocks of a few maximum chunks, follow the same rule as the reference', async () => {
  for (const target of [128, 1024, 4096]) {
    const params = chunkParams(target);
    const data = seededBytes(target, 300 * KiB);
    for (const blockSize of [2 * params.max, 5 * params.max + 32]) {
      const got = await hashAndCheck(data, ragged(data, target), { ...base, params, blockSize });
      assertMatchesReference(got, data, target, `target ${target}, block ${blockSize}`);
    }
  }
});

test('content matching at every byte (a run the gear hash always accepts) stays exact', async () => {
  // With a 128-byte target, a run of byte 189 matches the mask at every position once warm.
  const params = chunkParams(128);
  const data = new Uint8Array(200 * KiB).fill(189);
  data.set(seededBytes(400, 50 * KiB), 70 * KiB);
  const got = await hashAndCheck(data, data, { ...base, params, blockSize: 4 * KiB });
  assertMatchesReference(got, data, 128);
});

test('zeros over many blocks, where speculative chunks never agree with the true ones', async () => {
  const data = new Uint8Array(4 * MiB + 3);
  data.set(seededBytes(500, 1000), 2 * MiB + 5);
  const got = await hashAndCheck(data, ragged(data, 5), base);
  assertMatchesReference(got, data);
});

test('the default settings hash a large input on workers with the same result', async () => {
  const data = seededBytes(600, 20 * MiB + 5);
  const got = await parallelDigest(data, { blake3: native!, sha256: nodeSha256 });
  assertMatchesReference(got, data);
});

test('an error thrown by the source propagates', async () => {
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield seededBytes(700, 700 * KiB);
    yield seededBytes(701, 300 * KiB);
    throw new Error('source failed');
  }
  await assert.rejects(parallelDigest(failing(), base), /source failed/);
  // The pool still serves later calls.
  const data = seededBytes(702, MiB);
  assertMatchesReference(await parallelDigest(data, base), data);
});

test('a consumer that stops early leaves the pool usable', async () => {
  const data = seededBytes(800, 3 * MiB);
  let seen = 0;
  for await (const chunk of parallelHashChunks(data, base)) {
    assert.equal(chunk.offset >= 0, true);
    if (++seen === 5) break;
  }
  assertMatchesReference(await parallelDigest(data, base), data);
  await closeHashWorkers();
  assertMatchesReference(await parallelDigest(data, base), data);
});

test('workers never keep the process alive, after success or a failing source', () => {
  const module = fileURLToPath(new URL('./parallel-hash.ts', import.meta.url));
  const blake = fileURLToPath(new URL('./blake3-native.ts', import.meta.url));
  const sha = fileURLToPath(new URL('./sha256-node.ts', import.meta.url));
  const script = `
    const { parallelDigest } = await import(${JSON.stringify(module)});
    const { createNativeBlake3 } = await import(${JSON.stringify(blake)});
    const { nodeSha256 } = await import(${JSON.stringify(sha)});
    const deps = { blake3: createNativeBlake3(), sha256: nodeSha256, blockSize: 256 * 1024, minParallelSize: 0 };
    const d = await parallelDigest(new Uint8Array(3 << 20), deps);
    async function* failing() { yield new Uint8Array(1 << 20); throw new Error('boom'); }
    const err = await parallelDigest(failing(), deps).catch((e) => e);
    console.log(d.size, err.message);
  `;
  const run = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '--eval', script],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.error, undefined, 'the process exits by itself');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), `${3 << 20} boom`);
});
