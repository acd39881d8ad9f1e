import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chunkParams, digest } from '@xetcache/core';
import { createBestBlake3, nodeSha256 } from '@xetcache/core/node';
import { isHubError } from '../errors.js';
import { collect } from '../storage/port.js';
import { createMemoryBlobStore, type MemoryBlobStore } from '../storage/memory.js';
import { createContentStore, describeManifest, type ContentStore } from './content-store.js';
import { frameHeader } from './frames.js';

const blake3 = await createBestBlake3();
const params = chunkParams(4096);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MAX = 1 << 30;

async function open(blobs: MemoryBlobStore = createMemoryBlobStore()): Promise<{ store: ContentStore; blobs: MemoryBlobStore }> {
  const store = createContentStore({ blobs, blake3, sha256: nodeSha256, params, packSize: 64 * 1024 });
  await store.open();
  return { store, blobs };
}

async function* pieces(data: Uint8Array, size = 7001, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) {
    if (failAt !== undefined && at >= failAt) throw new Error('connection reset');
    yield data.subarray(at, at + size);
  }
}

async function readAll(store: ContentStore, oid: string, start?: number, end?: number): Promise<Buffer> {
  const m = (await store.manifest(oid))!;
  return Buffer.from(await collect(store.read(m, start, end)));
}

test('a value goes in as chunks and comes out whole, and by range', async () => {
  const { store } = await open();
  const data = randomBytes(300_000);
  const { manifest, newBytes } = await store.ingest(pieces(data), { sha256: sha(data), size: data.length, maxSize: MAX });
  assert.equal(manifest.size, data.length);
  assert.equal(newBytes, data.length);
  assert.ok(manifest.chunks.length > 30, 'small test chunks');
  assert.deepEqual(await readAll(store, sha(data)), data);
  for (const [s, e] of [[0, 1], [4095, 4097], [123_456, 250_001], [299_999, 300_000], [0, 300_000]] as const) {
    assert.deepEqual(await readAll(store, sha(data), s, e), data.subarray(s, e), `${s}-${e}`);
  }
  // The same hashes the local store and `xetcache hash` compute.
  const d = await digest(data, { blake3, sha256: nodeSha256, params });
  assert.equal(describeManifest(sha(data), manifest).xetHash, d.xetHash);
});

test('an empty value is a value', async () => {
  const { store } = await open();
  const empty = new Uint8Array(0);
  await store.ingest(pieces(empty), { sha256: sha(empty), size: 0, maxSize: MAX });
  assert.equal((await readAll(store, sha(empty))).length, 0);
});

test('the same bytes twice, and a small edit, store only what is new', async () => {
  const { store } = await open();
  const data = randomBytes(400_000);
  await store.ingest(pieces(data), { sha256: sha(data), maxSize: MAX });
  const again = await store.ingest(pieces(data), { sha256: sha(data), maxSize: MAX });
  assert.equal(again.newBytes, 0);
  const edited = Buffer.from(data);
  edited.fill(7, 200_000, 200_100);
  const edit = await store.ingest(pieces(edited), { sha256: sha(edited), maxSize: MAX });
  assert.ok(edit.newBytes < 40_000, `${edit.newBytes} new bytes for a 100-byte edit`);
  assert.deepEqual(await readAll(store, sha(edited)), edited);
  assert.equal((await store.usage()).bytes, data.length + edit.newBytes);
});

test('a wrong oid, a wrong size, too many bytes, or a broken body leave nothing stored', async () => {
  const { store, blobs } = await open();
  const data = randomBytes(200_000);
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ['wrong oid', () => store.ingest(pieces(data), { sha256: sha(randomBytes(8)), maxSize: MAX }), 'EHASH'],
    ['short', () => store.ingest(pieces(data), { sha256: sha(data), size: data.length + 1, maxSize: MAX }), 'EHASH'],
    ['long', () => store.ingest(pieces(data), { sha256: sha(data), size: 1000, maxSize: MAX }), 'EHASH'],
    ['over the limit', () => store.ingest(pieces(data), { sha256: sha(data), maxSize: 100_000 }), 'ETOOLARGE'],
  ];
  for (const [name, run, code] of cases) {
    await assert.rejects(run(), (err) => isHubError(err) && err.code === code, name);
    assert.deepEqual(blobs.keys(), [], name);
  }
  await assert.rejects(store.ingest(pieces(data, 7001, 150_000), { sha256: sha(data), maxSize: MAX }), /connection reset/);
  assert.deepEqual(blobs.keys(), []);
  assert.equal(await store.manifest(sha(data)), undefined);
});

test('a damaged chunk is an integrity error, never wrong bytes', async () => {
  const { store, blobs } = await open();
  const data = randomBytes(100_000);
  await store.ingest(pieces(data), { sha256: sha(data), maxSize: MAX });
  const m = (await store.manifest(sha(data)))!;
  // The first pack holds the value's first bytes at the same offsets.
  const pack = blobs.keys().find((k) => k.endsWith(`/packs/${m.chunks[0]!.pack}`))!;
  const bytes = (await blobs.read(pack))!;
  bytes[5000] = bytes[5000]! ^ 1;
  await blobs.put(pack, bytes);
  const seen: Uint8Array[] = [];
  await assert.rejects(
    (async () => {
      for await (const piece of store.read(m)) seen.push(piece);
    })(),
    (err) => isHubError(err, 'EINTEGRITY'),
  );
  const served = Buffer.concat(seen);
  assert.ok(served.length <= 5000 && served.equals(data.subarray(0, served.length)), 'only verified bytes before the damage');
});

test('another hub on the same storage sees the chunks and values', async () => {
  const { store, blobs } = await open();
  const data = randomBytes(50_000);
  await store.ingest(pieces(data), { sha256: sha(data), maxSize: MAX });
  const { store: other } = await open(blobs);
  const again = await other.ingest(pieces(data), { sha256: sha(data), maxSize: MAX });
  assert.equal(again.newBytes, 0);
  assert.deepEqual(await readAll(other, sha(data)), data);
});

function packOf(chunks: Array<{ hash: Uint8Array; data: Uint8Array }>): Uint8Array {
  return Buffer.concat(chunks.flatMap((c) => [frameHeader(c.hash, c.data.length), c.data]));
}

async function chunked(data: Uint8Array) {
  const d = await digest(data, { blake3, sha256: nodeSha256, params });
  const out: Array<{ hash: Uint8Array; data: Uint8Array }> = [];
  let at = 0;
  for (const c of d.chunks) {
    out.push({ hash: c.hash, data: data.subarray(at, at + c.length) });
    at += c.length;
  }
  return { oid: d.oid.slice(7), chunks: out, xetHash: d.xetHash };
}

test('chunk clients: ask what is missing, send only that, register the value', async () => {
  const { store } = await open();
  const data = randomBytes(200_000);
  const { oid, chunks, xetHash } = await chunked(data);
  // Half the chunks are already there, from a value uploaded whole.
  const half = data.subarray(0, chunks.slice(0, 20).reduce((n, c) => n + c.data.length, 0));
  await store.ingest(pieces(half), { sha256: sha(half), maxSize: MAX });
  const missing = await store.missing(chunks.map((c) => c.hash));
  assert.deepEqual(missing, chunks.map((_, i) => i).filter((i) => i >= 20));
  const sent = await store.storeChunks(pieces(packOf(missing.map((i) => chunks[i]!)), 3333), 10_000);
  assert.equal(sent.stored, missing.length);
  const m = await store.register({ sha256: oid, size: data.length, chunks: chunks.map((c) => ({ hash: c.hash, length: c.data.length })) });
  assert.equal(describeManifest(oid, m).xetHash, xetHash);
  assert.deepEqual(await readAll(store, oid), data);
  const picked = [];
  for await (const c of store.readChunks(m, [3, 25])) picked.push(Buffer.from(c.data));
  assert.deepEqual(picked, [Buffer.from(chunks[3]!.data), Buffer.from(chunks[25]!.data)]);
});

test('chunk clients: a bad hash or a cut pack stores nothing; a bad claim writes no manifest', async () => {
  const { store, blobs } = await open();
  const data = randomBytes(60_000);
  const { oid, chunks } = await chunked(data);
  const bad = chunks.map((c, i) => (i === 3 ? { hash: c.hash, data: randomBytes(c.data.length) } : c));
  await assert.rejects(store.storeChunks(pieces(packOf(bad)), 10_000), (err) => isHubError(err, 'EHASH'));
  assert.deepEqual(blobs.keys(), []);
  const whole = packOf(chunks);
  await assert.rejects(store.storeChunks(pieces(whole.subarray(0, whole.length - 10)), 10_000), (err) => isHubError(err, 'EBADREQUEST'));
  assert.deepEqual(blobs.keys(), []);
  const huge = Buffer.concat([frameHeader(chunks[0]!.hash, 1 << 30), Buffer.alloc(10)]);
  await assert.rejects(store.storeChunks(pieces(huge), 10_000), (err) => isHubError(err, 'EBADREQUEST'));

  const claim = { sha256: oid, size: data.length, chunks: chunks.map((c) => ({ hash: c.hash, length: c.data.length })) };
  await assert.rejects(store.register(claim), (err) => isHubError(err, 'EBADREQUEST') && (err.data.missing as number[]).length === chunks.length);
  await store.storeChunks(pieces(packOf(chunks)), 10_000);
  // Right chunks, wrong order: they do not reassemble to the oid.
  const swapped = { ...claim, chunks: [claim.chunks[1]!, claim.chunks[0]!, ...claim.chunks.slice(2)] };
  await assert.rejects(store.register(swapped), (err) => isHubError(err, 'EHASH'));
  await assert.rejects(store.register({ ...claim, size: data.length + 1 }), (err) => isHubError(err, 'EHASH'));
  await assert.rejects(store.register({ ...claim, sha256: sha(randomBytes(4)) }), (err) => isHubError(err, 'EHASH'));
  assert.equal(await store.manifest(oid), undefined);
});

test('two hubs on one storage: chunks sent through one register through the other at once, though its index is fresh', async () => {
  const { store: a, blobs } = await open();
  const { store: b } = await open(blobs);
  const data = randomBytes(80_000);
  const { oid, chunks } = await chunked(data);
  // b listed the pack indexes at open, so its lookups trust its index for a while.
  assert.deepEqual(await b.missing(chunks.map((c) => c.hash)), chunks.map((_, i) => i));
  await a.storeChunks(pieces(packOf(chunks)), 10_000);
  const m = await b.register({ sha256: oid, size: data.length, chunks: chunks.map((c) => ({ hash: c.hash, length: c.data.length })) });
  assert.deepEqual(await readAll(b, oid), data);
  assert.equal(m.size, data.length);
  assert.deepEqual(await b.missing(chunks.map((c) => c.hash)), [], 'and b knows them from then on');
});
