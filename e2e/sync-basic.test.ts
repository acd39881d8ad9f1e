// The value transfer with the chunk transfer turned off on the client side: only git-LFS `basic`
// is offered, as with any standard LFS server, and the hub process answers it. Values go up and
// come down whole, verified; the hub's chunk counters do not move.

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

before(async () => {
  hub = await startHubProcess();
  token = await addUser(hub, 'erin');
  await createProject(hub, token, 'erin/plain');
  temp = await mkdtemp(join(tmpdir(), 'xetcache-e2e-basic-'));
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  await rm(temp, { recursive: true, force: true });
});

const basicOnly = (store: ChunkStore) => valueDeps({ url: hub.url, user: 'erin', token }, 'erin/plain', store, { transfers: ['basic'] });

test('with only basic offered, values go up and come down whole through the hub, verified', async () => {
  const here = await openNodeStore(join(temp, 'here'));
  const there = await openNodeStore(join(temp, 'there'));
  const values = [randomBytes(3 * 1024 * 1024), randomBytes(10), randomBytes(700_000)];
  const puts = [];
  for (const v of values) puts.push(await here.put(v));
  const before = (await settledStats(hub)).counters;

  const up = await pushValues(await basicOnly(here), puts.map((p) => ({ oid: p.oid, size: p.size })));
  assert.equal(up.transfer, 'basic');
  const total = values.reduce((n, v) => n + v.length, 0);
  assert.equal(up.transferred, total, 'basic sends each value whole');
  const again = await pushValues(await basicOnly(here), puts.map((p) => ({ oid: p.oid, size: p.size })));
  assert.equal(again.skipped, values.length, 'the hub has them: nothing is sent twice');
  assert.equal(again.transferred, 0);

  for (const [i, p] of puts.entries()) {
    const down = await fetchValue(await basicOnly(there), { oid: p.oid, size: p.size });
    assert.equal(down.transfer, 'basic');
    assert.equal(down.transferred, p.size);
    assert.ok(Buffer.from(await there.getBytes(p.oid)).equals(values[i]!));
  }

  const after = (await settledStats(hub)).counters;
  assert.equal(after.uploadedBytes - before.uploadedBytes, total);
  assert.equal(after.downloadedBytes - before.downloadedBytes, total);
  assert.equal(after.chunksReceived, before.chunksReceived, 'no chunk transfer happened');
  assert.equal(after.chunksSent, before.chunksSent);
});

test('with only basic offered, a value the hub lacks is a clear not-found error, not a miss', async () => {
  const there = await openNodeStore(join(temp, 'nowhere'));
  const oid = `sha256:${'ab'.repeat(32)}`;
  await assert.rejects(fetchValue(await basicOnly(there), { oid, size: 5 }), (err: Error) => /not found|does not exist|404/i.test(err.message));
  assert.equal(await there.has(oid), false);
});
