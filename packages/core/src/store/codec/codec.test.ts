import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeManifest, encodeManifest, ManifestBuilder, type ManifestEntry } from './manifest.js';
import { decodePackIndex, encodePackIndex } from './pack-index.js';
import { newPackId } from '../layout.js';
import { createWasmBlake3 } from '../../hash/blake3-wasm.js';
import { seededBytes } from '../../testing/random.js';

const blake3 = await createWasmBlake3();
const packs = [newPackId(), newPackId(), newPackId()];
const chunks: ManifestEntry[] = Array.from({ length: 3000 }, (_, i) => ({
  hash: seededBytes(i, 32),
  length: 1000 + i,
  pack: packs[Math.floor(i / 1100)]!,
  offset: 8 + 977 * i,
}));
const head = {
  size: chunks.reduce((n, c) => n + c.length, 0),
  sha256: 'ab'.repeat(32),
  xetHash: seededBytes(9, 32),
  chunkTarget: 65536,
};

test('a manifest built chunk by chunk is the manifest encoded at once, and decodes to it', () => {
  const builder = new ManifestBuilder();
  for (const c of chunks) builder.add(c.hash, c.length, c.pack, c.offset);
  assert.equal(builder.chunks, chunks.length);
  const built = builder.finish(blake3, head);
  assert.deepEqual(built, encodeManifest(blake3, { ...head, chunks }));
  const decoded = decodeManifest(blake3, built);
  assert.equal(decoded.size, head.size);
  assert.equal(decoded.sha256, head.sha256);
  assert.deepEqual(Array.from(decoded.xetHash), Array.from(head.xetHash));
  assert.equal(decoded.chunkTarget, head.chunkTarget);
  assert.deepEqual(
    decoded.chunks.map((c) => ({ ...c, hash: Array.from(c.hash) })),
    chunks.map((c) => ({ ...c, hash: Array.from(c.hash) })),
  );
});

test('an empty manifest round-trips', () => {
  const built = new ManifestBuilder().finish(blake3, { ...head, size: 0 });
  assert.deepEqual(decodeManifest(blake3, built).chunks, []);
});

test('decoded hashes are views of the decoded bytes, not copies each', () => {
  const manifest = decodeManifest(blake3, encodeManifest(blake3, { ...head, chunks }));
  const buffers = new Set(manifest.chunks.map((c) => c.hash.buffer));
  assert.equal(buffers.size, 1);
  const index = decodePackIndex(blake3, encodePackIndex(blake3, chunks));
  assert.equal(new Set(index.map((e) => e.hash.buffer)).size, 1);
  assert.deepEqual(Array.from(index[2999]!.hash), Array.from(chunks[2999]!.hash));
});
