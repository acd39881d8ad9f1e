// Values over git-LFS basic, when the server does not offer the chunk transfer (stock LFS
// servers): whole objects go up and come down, verified into the local store.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createChunkStore, createMemoryFs, createWasmBlake3, createWasmSha256 } from '@xetcache/core';
import { startLfsServer, type LfsTestServer } from '../testing/lfs-server.js';
import { testLfsClient, testBytes, sha256Hex } from '../testing/lfs-client.js';
import { createHttpClient } from '../http/client.js';
import { fetchValue, pushValues } from './values.js';

let server: LfsTestServer;
before(async () => {
  server = await startLfsServer({ users: { bob: 'bob-token' } });
});
after(() => server.close());

const blake3 = await createWasmBlake3();
const sha256 = await createWasmSha256();
const newStore = () => createChunkStore({ fs: createMemoryFs(), blake3, sha256, packSize: 1024 * 1024 });

async function deps(store: ReturnType<typeof newStore>) {
  const { lfs } = await testLfsClient(server.url, { user: 'bob', token: 'bob-token' });
  const http = createHttpClient({ fetch: globalThis.fetch, sleep: async () => {}, now: Date.now, random: Math.random });
  return { lfs, http, endpoint: server.url, store, blake3 };
}

test('basic fallback: push sends whole values the server lacks, fetch brings one back verified', async () => {
  const alice = newStore();
  const value = testBytes(300_000, 3);
  const { oid, size } = await alice.put(value);
  const pushed = await pushValues(await deps(alice), [{ oid, size }]);
  assert.equal(pushed.transfer, 'basic');
  assert.deepEqual({ processed: pushed.processed, transferred: pushed.transferred, skipped: pushed.skipped }, { processed: size, transferred: size, skipped: 0 });
  assert.deepEqual(server.objects.get(sha256Hex(value)), Buffer.from(value));

  const again = await pushValues(await deps(alice), [{ oid, size }]);
  assert.deepEqual({ transferred: again.transferred, skipped: again.skipped }, { transferred: 0, skipped: 1 });

  const bob = newStore();
  const fetched = await fetchValue(await deps(bob), { oid, size });
  assert.equal(fetched.transfer, 'basic');
  assert.deepEqual(await bob.getBytes(oid), value);
});

test('fetch of a value the server lacks is a not-found error', async () => {
  const bob = newStore();
  await assert.rejects(fetchValue(await deps(bob), { oid: `sha256:${'0'.repeat(64)}`, size: 5 }), (err: Error & { code?: string }) => err.code === 'ENOTFOUND');
});
