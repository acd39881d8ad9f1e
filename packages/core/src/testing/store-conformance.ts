// The behaviour of the chunk store on any StoreFs backend; each backend's test file runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import type { StoreFs } from '../store/fs/port.js';
import type { ChunkStore } from '../store/chunk-store.js';
import { layout } from '../store/layout.js';
import { seededBytes, ragged } from './random.js';

export interface StoreFixture {
  fs: StoreFs;
  store: ChunkStore;
}

const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p.slice());
  return new Uint8Array(Buffer.concat(parts));
}

async function packFiles(fs: StoreFs): Promise<string[]> {
  return (await fs.list(layout.packsDir)).filter((n) => n.endsWith('.pack'));
}

export function chunkStoreConformance(name: string, make: () => Promise<StoreFixture>): void {
  test(`${name}: values of every size round-trip with Xet's hashes`, async () => {
    const { store } = await make();
    for (const size of [0, 1, 100_000, 3 * MiB + 17]) {
      const data = seededBytes(size + 1, size);
      const put = await store.put(data);
      assert.equal(put.oid, sha(data));
      assert.equal(put.size, size);
      assert.equal(put.xetHash, hashToHex(fileHash(getChunks(data))));
      assert.deepEqual(await store.getBytes(put.oid), data);
      const info = await store.stat(put.oid);
      assert.equal(info?.size, size);
      assert.equal(info?.xetHash, put.xetHash);
      assert.deepEqual(info?.chunks.map((c) => c.length), getChunks(data).map((c) => c.length));
    }
  });

  test(`${name}: streams in ragged pieces and streams out`, async () => {
    const { store } = await make();
    const data = seededBytes(7, 5 * MiB);
    const put = await store.put(ragged(data, 3));
    assert.equal(put.oid, sha(data));
    assert.deepEqual(await collect(await store.get(put.oid)), data);
  });

  test(`${name}: each distinct chunk is stored once`, async () => {
    const { store } = await make();
    const a = seededBytes(1, 4 * MiB);
    const first = await store.put(a);
    assert.equal(first.newBytes, a.length);
    const again = await store.put(a);
    assert.equal(again.newBytes, 0);
    assert.equal(again.newChunks, 0);
    // One byte inserted in the middle: only the chunks around it are new.
    const b = new Uint8Array(a.length + 1);
    b.set(a.subarray(0, 2 * MiB));
    b[2 * MiB] = 42;
    b.set(a.subarray(2 * MiB), 2 * MiB + 1);
    const edited = await store.put(b);
    assert.ok(edited.newChunks <= 3, `${edited.newChunks} new chunks after a 1-byte insert`);
    assert.ok(edited.newBytes < 400_000, `${edited.newBytes} new bytes after a 1-byte insert`);
    const usage = await store.usage();
    assert.equal(usage.bytes, a.length + edited.newBytes);
    assert.deepEqual(await store.getBytes(edited.oid), b);
  });

  test(`${name}: ranges across chunk boundaries`, async () => {
    const { store } = await make();
    const data = seededBytes(9, 2 * MiB);
    const { oid } = await store.put(data);
    for (const [offset, length] of [
      [0, 10],
      [65_000, 200_000],
      [2 * MiB - 5, 5],
      [2 * MiB - 5, 100],
      [123_456, 0],
      [2 * MiB, 0],
    ] as const) {
      const got = await collect(await store.get(oid, { offset, length }));
      assert.deepEqual(got, data.subarray(offset, offset + length), `range ${offset}+${length}`);
    }
    await assert.rejects(store.get(oid, { offset: 2 * MiB + 1 }).then((it) => collect(it)), { code: 'EINVAL' });
  });

  test(`${name}: has, list, delete`, async () => {
    const { store } = await make();
    const a = await store.put(seededBytes(1, 1000));
    const b = await store.put(seededBytes(2, 2000));
    assert.equal(await store.has(a.oid), true);
    const listed = [];
    for await (const oid of store.list()) listed.push(oid);
    assert.deepEqual(listed.sort(), [a.oid, b.oid].sort());
    assert.equal(await store.delete(a.oid), true);
    assert.equal(await store.delete(a.oid), false);
    assert.equal(await store.has(a.oid), false);
    await assert.rejects(store.getBytes(a.oid), { code: 'ENOTFOUND' });
    await assert.rejects(store.has('sha256:../../etc/passwd'), { code: 'EINVAL' });
    await assert.rejects(store.delete('../x'), { code: 'EINVAL' });
  });

  test(`${name}: writtenAt is when a value was last stored, a put of a value already here included`, async () => {
    const { store } = await make();
    const data = seededBytes(3, 5000);
    const before = Date.now();
    const { oid } = await store.put(data);
    const first = await store.writtenAt(oid);
    assert.ok(first !== undefined && first >= before - 1000 && first <= Date.now() + 1000, `writtenAt ${first}`);
    await new Promise((r) => setTimeout(r, 20));
    await store.put(data);
    assert.ok((await store.writtenAt(oid))! > first, 'storing it again moves the time on');
    assert.equal(await store.writtenAt(sha(seededBytes(4, 10))), undefined);
    await store.delete(oid);
    assert.equal(await store.writtenAt(oid), undefined);
    await assert.rejects(store.writtenAt('sha256:../../etc/passwd'), { code: 'EINVAL' });
  });

  test(`${name}: a damaged chunk is an integrity error, found by verify, quarantined by repair`, async () => {
    const { fs, store } = await make();
    const victim = seededBytes(11, 600_000);
    const bystander = seededBytes(12, 300_000);
    const v = await store.put(victim);
    const b = await store.put(bystander);
    assert.equal((await store.verify()).ok, true);
    // Flip one byte in the middle of the victim's first pack.
    const info = await store.stat(v.oid);
    assert.ok(info);
    const packs = await packFiles(fs);
    let damaged = 0;
    for (const name of packs) {
      const path = `${layout.packsDir}/${name}`;
      const bytes = (await fs.readFile(path))!;
      if (bytes.length < 500_000) continue;
      bytes[300_000] = bytes[300_000]! ^ 0xff;
      const w = await fs.createWriter(path);
      await w.write(bytes);
      await w.commit();
      damaged++;
    }
    assert.ok(damaged > 0);
    await assert.rejects(store.getBytes(v.oid), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'EINTEGRITY');
      assert.match(err.message, /damaged/);
      return true;
    });
    const report = await store.verify();
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.kind === 'chunk'));
    assert.ok(report.problems.some((p) => p.kind === 'value' && p.id === v.oid));
    const repaired = await store.verify({ repair: true });
    assert.ok(repaired.repaired.length > 0);
    assert.equal(await store.has(v.oid), false, 'the damaged value is taken out');
    assert.deepEqual(await store.getBytes(b.oid), bystander, 'other values still read');
    assert.ok((await fs.list(layout.quarantineDir)).length > 0);
    assert.equal((await store.verify()).ok, true, 'clean after repair');
    // Storing the value again brings it back whole.
    const again = await store.put(victim);
    assert.deepEqual(await store.getBytes(again.oid), victim);
  });

  test(`${name}: hasChunk answers from the chunk index, without reading chunk bytes`, async () => {
    const { fs, store } = await make();
    const data = seededBytes(13, 700_000);
    const { oid } = await store.put(data);
    const info = (await store.stat(oid))!;
    assert.ok(info.chunks.length > 1);
    for (const c of info.chunks) assert.equal(await store.hasChunk(c.hash), true);
    assert.equal(await store.hasChunk('ab'.repeat(32)), false);
    await assert.rejects(store.hasChunk('not a hash'), { code: 'EINVAL' });
    // Zero every pack's bytes: the index still lists the chunks (hasChunk), readChunk finds the damage.
    for (const packName of await packFiles(fs)) {
      const path = `${layout.packsDir}/${packName}`;
      const w = await fs.createWriter(path);
      await w.write(new Uint8Array((await fs.readFile(path))!.length));
      await w.commit();
    }
    for (const c of info.chunks) {
      assert.equal(await store.hasChunk(c.hash), true);
      assert.equal(await store.readChunk(c.hash), undefined);
    }
  });

  test(`${name}: readChunks gives each chunk in the order asked, undefined for those absent or damaged`, async () => {
    const { fs, store } = await make();
    const a = seededBytes(16, 3 * MiB);
    const b = seededBytes(17, MiB);
    const pa = await store.put(a);
    const pb = await store.put(b);
    const ca = (await store.stat(pa.oid))!.chunks;
    const cb = (await store.stat(pb.oid))!.chunks;
    const unknown = 'cd'.repeat(32);
    // Across values and packs, out of order, with repeats and a chunk the store lacks.
    const asked = [...ca.slice(2), cb[1]!, ca[0]!, { hash: unknown, length: 0 }, ca[0]!, ...cb.slice(0, 1)];
    const got: Array<Uint8Array | undefined> = [];
    for await (const bytes of store.readChunks(asked.map((c) => c.hash))) got.push(bytes?.slice());
    assert.equal(got.length, asked.length);
    for (let i = 0; i < asked.length; i++) {
      const c = asked[i]!;
      if (c.hash === unknown) assert.equal(got[i], undefined);
      else assert.deepEqual(got[i], await store.readChunk(c.hash), `chunk ${i}`);
    }
    let at = 0;
    for (let i = 0; i < ca.length; i++) {
      if (i >= 2) assert.deepEqual(got[i - 2], a.subarray(at, at + ca[i]!.length));
      at += ca[i]!.length;
    }
    assert.deepEqual(await collect((async function* () {
      for await (const bytes of store.readChunks([])) if (bytes) yield bytes;
    })()), new Uint8Array(0));
    await assert.rejects(collect((async function* () {
      for await (const bytes of store.readChunks(['nope'])) if (bytes) yield bytes;
    })()), { code: 'EINVAL' });
    // Damaged bytes are never given: undefined instead.
    for (const packName of await packFiles(fs)) {
      const path = `${layout.packsDir}/${packName}`;
      const w = await fs.createWriter(path);
      await w.write(new Uint8Array((await fs.readFile(path))!.length));
      await w.commit();
    }
    for await (const bytes of store.readChunks(ca.map((c) => c.hash))) assert.equal(bytes, undefined);
  });

  test(`${name}: hasChunk follows puts and compaction`, async () => {
    const { store } = await make();
    const kept = seededBytes(14, 2 * MiB);
    const gone = seededBytes(15, 2 * MiB);
    const k = await store.put(kept);
    const g = await store.put(gone);
    const keptChunks = (await store.stat(k.oid))!.chunks;
    const goneChunks = (await store.stat(g.oid))!.chunks;
    for (const c of goneChunks) assert.equal(await store.hasChunk(c.hash), true);
    await store.delete(g.oid);
    await store.compact();
    for (const c of goneChunks) assert.equal(await store.hasChunk(c.hash), false, 'a compacted chunk is no longer held');
    for (const c of keptChunks) assert.equal(await store.hasChunk(c.hash), true);
    // Put back: held again.
    await store.put(gone);
    for (const c of goneChunks) assert.equal(await store.hasChunk(c.hash), true);
  });

  test(`${name}: a damaged manifest is reported and quarantined`, async () => {
    const { fs, store } = await make();
    const { oid } = await store.put(seededBytes(3, 100_000));
    const path = layout.manifest(oid.slice(7));
    const bytes = (await fs.readFile(path))!;
    bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 1;
    const w = await fs.createWriter(path);
    await w.write(bytes);
    await w.commit();
    await assert.rejects(store.getBytes(oid), { code: 'EINTEGRITY' });
    const report = await store.verify({ repair: true });
    assert.ok(report.problems.some((p) => p.kind === 'manifest'));
    assert.equal(await store.has(oid), false);
  });

  test(`${name}: compact frees what deleted values held and keeps the rest readable`, async () => {
    const { fs, store } = await make();
    const a = seededBytes(21, 3 * MiB);
    const b = seededBytes(22, 3 * MiB);
    const shared = new Uint8Array([...a.subarray(0, MiB), ...b.subarray(0, MiB)]);
    const pa = await store.put(a);
    await store.put(b);
    const ps = await store.put(shared);
    const before = await store.usage();
    await store.delete(pa.oid);
    const report = await store.compact();
    assert.ok(report.bytesFreed > 1.5 * MiB, `freed ${report.bytesFreed}`);
    const after = await store.usage();
    assert.ok(after.bytes < before.bytes);
    assert.deepEqual(await store.getBytes(ps.oid), shared, 'a value sharing chunks with the deleted one survives');
    assert.equal((await store.verify()).ok, true);
    assert.ok((await packFiles(fs)).length >= 1);
  });

  test(`${name}: a value that does not match what was announced is not stored`, async () => {
    const { store } = await make();
    const data = seededBytes(5, 200_000);
    await assert.rejects(store.put(data, { expectOid: sha(new Uint8Array(1)) }), { code: 'EINTEGRITY' });
    await assert.rejects(store.put(data, { expectSize: 5 }), { code: 'EINTEGRITY' });
    assert.equal(await store.has(sha(data)), false);
  });

  test(`${name}: a failing source stores nothing and hurts no later put`, async () => {
    const { store } = await make();
    const data = seededBytes(6, 3 * MiB);
    async function* failing() {
      yield data.subarray(0, 2 * MiB);
      throw new Error('network dropped');
    }
    await assert.rejects(store.put(failing()), /network dropped/);
    assert.equal(await store.has(sha(data)), false);
    const ok = await store.put(data);
    assert.deepEqual(await store.getBytes(ok.oid), data);
    assert.equal((await store.verify()).ok, true);
  });

  test(`${name}: concurrent puts of overlapping values`, async () => {
    const { store } = await make();
    const base = seededBytes(30, 2 * MiB);
    const values = [0, 1, 2, 3].map((i) => {
      const v = new Uint8Array(base.length + 1000 * i);
      v.set(seededBytes(40 + i, 1000 * i));
      v.set(base, 1000 * i);
      return v;
    });
    const puts = await Promise.all(values.map((v) => store.put(ragged(v, v.length))));
    for (let i = 0; i < values.length; i++) assert.deepEqual(await store.getBytes(puts[i]!.oid), values[i]);
    assert.equal((await store.verify()).ok, true);
  });

  test(`${name}: compact waits for a put in flight and keeps its chunks`, async () => {
    const { store } = await make();
    const data = seededBytes(50, 2 * MiB);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield data.subarray(0, MiB);
      await gate;
      yield data.subarray(MiB);
    }
    const putting = store.put(slow());
    await new Promise((r) => setTimeout(r, 50));
    let compacted = false;
    const compacting = store.compact().then(() => (compacted = true));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(compacted, false, 'compact waits for the writer');
    release();
    const put = await putting;
    await compacting;
    assert.deepEqual(await store.getBytes(put.oid), data);
  });
}
