// What a chunk download costs, seen from both ends: the hub's counters of chunks sent
// (GET /api/stats) agree with what the client reports, and local chunks compacted away between
// the question "which do I have" and the download are fetched from the hub instead.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChunkStore } from '@xetcache/core';
import { openNodeStore } from '@xetcache/core/node';
import { fetchValue, pushValues } from '@xetcache/remote';
import { valueDeps } from './support/clients.js';
import { addUser, createProject, settledStats, startHubProcess, type HubProcess } from './support/hub-process.js';

let hub: HubProcess;
let token: string;
let temp: string;
const SIZE = 4 * 1024 * 1024;

before(async () => {
  hub = await startHubProcess();
  token = await addUser(hub, 'carol');
  await createProject(hub, token, 'carol/counted');
  temp = await mkdtemp(join(tmpdir(), 'xetcache-e2e-counters-'));
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  await rm(temp, { recursive: true, force: true });
});

const deps = (store: ChunkStore) => valueDeps({ url: hub.url, user: 'carol', token }, 'carol/counted', store, { maxAttempts: 1 });

/** The hub's chunk-download counters. */
async function sent(): Promise<{ chunks: number; bytes: number }> {
  const { counters } = await settledStats(hub);
  assert.equal(typeof counters.chunksSent, 'number', 'the hub reports chunksSent');
  assert.equal(typeof counters.chunksSentBytes, 'number', 'the hub reports chunksSentBytes');
  return { chunks: counters.chunksSent, bytes: counters.chunksSentBytes };
}

let original: Uint8Array;
let carol: ChunkStore;
let dave: ChunkStore;

test('the hub counts the chunks it sends: a fresh download is every chunk, as the client reports', async () => {
  carol = await openNodeStore(join(temp, 'carol-store'), { parallel: false });
  original = new Uint8Array(randomBytes(SIZE));
  const put = await carol.put(original);
  const pushed = await pushValues(await deps(carol), [put]);
  assert.equal(pushed.transfer, 'xetcache-chunks');
  const chunks = (await carol.stat(put.oid))!.chunks.length;

  const start = await sent();
  dave = await openNodeStore(join(temp, 'dave-store'), { parallel: false });
  const fetched = await fetchValue(await deps(dave), put);
  const end = await sent();
  assert.equal(fetched.transferred, SIZE);
  assert.equal(end.bytes - start.bytes, SIZE, 'the hub sent the whole value once');
  assert.equal(end.chunks - start.chunks, chunks, 'one frame per chunk');
  assert.deepEqual(await dave.getBytes(put.oid), original);
});

test('after a 1% edit only the changed chunks are sent, by both counts', async () => {
  const edited = original.slice();
  edited.set(randomBytes(SIZE / 100), SIZE / 2);
  const put = await carol.put(edited);
  await pushValues(await deps(carol), [put]);

  const start = await sent();
  const fetched = await fetchValue(await deps(dave), put);
  const end = await sent();
  assert.ok(fetched.transferred > 0 && fetched.transferred < SIZE * 0.1, `dave received ${fetched.transferred} bytes of ${SIZE}`);
  assert.equal(end.bytes - start.bytes, fetched.transferred, 'the hub sent what the client counted');
  assert.ok(end.chunks - start.chunks < (await carol.stat(put.oid))!.chunks.length / 4);
  assert.deepEqual(await dave.getBytes(put.oid), edited);
});

test('local chunks compacted away after the index was asked are fetched from the hub: the value still arrives whole', async () => {
  const edited = original.slice();
  edited.set(randomBytes(SIZE / 100), SIZE / 4);
  const put = await carol.put(edited);
  await pushValues(await deps(carol), [put]);
  const chunks = (await carol.stat(put.oid))!.chunks;
  const held: string[] = [];
  for await (const oid of dave.list()) held.push(oid);
  assert.equal(held.length, 2);
  assert.equal(await dave.hasChunk(chunks[0]!.hash), true, 'dave holds the chunks the new value shares');

  // Once every chunk has been asked about, dave's values go and a compaction frees their chunks.
  let asked = 0;
  const racing: ChunkStore = {
    ...dave,
    async hasChunk(hash) {
      const answer = await dave.hasChunk(hash);
      if (++asked === chunks.length) {
        for (const oid of held) await dave.delete(oid);
        await dave.compact();
      }
      return answer;
    },
  };
  const start = await sent();
  const fetched = await fetchValue(await deps(racing), put);
  const end = await sent();
  assert.equal(asked, chunks.length, 'the index was asked once per chunk; after the lost chunk, each was read back instead');
  assert.equal(fetched.transferred, SIZE, 'every chunk came from the hub');
  assert.equal(end.bytes - start.bytes, SIZE);
  assert.deepEqual(await dave.getBytes(put.oid), edited);
});

test('values pushed together that share chunks: each chunk goes up once, and all of them register', async () => {
  const base = new Uint8Array(randomBytes(SIZE));
  const values = [base];
  for (let i = 1; i < 6; i++) {
    const v = base.slice();
    v.set(randomBytes(SIZE / 100), Math.floor((i * SIZE) / 7));
    values.push(v);
  }
  const puts = [];
  for (const v of values) puts.push(await carol.put(v));
  const distinct = new Map<string, number>();
  for (const p of puts) for (const c of (await carol.stat(p.oid))!.chunks) distinct.set(c.hash, c.length);
  const distinctBytes = [...distinct.values()].reduce((a, b) => a + b, 0);

  const before = await settledStats(hub);
  const pushed = await pushValues(await deps(carol), puts);
  const after = await settledStats(hub);
  assert.equal(pushed.skipped, 0);
  assert.equal(pushed.transferred, distinctBytes, 'each distinct chunk sent once');
  assert.equal(after.counters.chunksReceived - before.counters.chunksReceived, distinct.size);
  assert.equal(after.storage.bytes - before.storage.bytes, distinctBytes);

  const erin = await openNodeStore(join(temp, 'erin-store'), { parallel: false });
  for (let i = 0; i < puts.length; i++) {
    await fetchValue(await deps(erin), puts[i]!);
    assert.deepEqual(await erin.getBytes(puts[i]!.oid), values[i]);
  }
});
