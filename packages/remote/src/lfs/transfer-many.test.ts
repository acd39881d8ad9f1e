import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { RemoteError } from '../errors.js';
import { startLfsServer, type LfsTestServer } from '../testing/lfs-server.js';
import { testLfsClient, testBytes, collect, sha256Hex } from '../testing/lfs-client.js';
import type { BatchProgress } from './types.js';

let server: LfsTestServer;

before(async () => {
  server = await startLfsServer({ users: { bob: 'bob-token' } });
});
after(() => server.close());

const client = () => testLfsClient(server.url, { user: 'bob', token: 'bob-token' });

test('uploadObjects: batches of 100, objects the server has skipped, progress summed', async () => {
  const { lfs } = await client();
  const values = Array.from({ length: 130 }, (_, i) => testBytes(100 + i, 100 + i));
  // Two are on the server already.
  server.put(values[0]!);
  server.put(values[129]!);
  server.batchRequests.length = 0;
  let last: BatchProgress | undefined;
  const results = await lfs.uploadObjects(
    values.map((bytes) => ({ object: { oid: sha256Hex(bytes), size: bytes.length }, source: bytes })),
    { onProgress: (p) => (last = p) },
  );
  assert.deepEqual(server.batchRequests.map((b) => b.objects.length), [100, 30]);
  assert.equal(results.length, 130);
  assert.equal(results[0]!.status, 'present');
  assert.equal(results[129]!.status, 'present');
  assert.ok(results.slice(1, 129).every((r) => r.status === 'transferred'));
  const total = values.reduce((s, v) => s + v.length, 0);
  assert.deepEqual(last, { processed: total, transferred: total - values[0]!.length - values[129]!.length, total, objects: 130, objectsDone: 130 });
  for (const v of values) assert.deepEqual(server.objects.get(sha256Hex(v)), Buffer.from(v));
});

test('downloadObjects: each object into the sink, verified; a missing one fails alone', async () => {
  const { lfs } = await client();
  const values = Array.from({ length: 12 }, (_, i) => testBytes(5000 + i, 300 + i));
  for (const v of values) server.put(v);
  const objects = values.map((v) => ({ oid: sha256Hex(v), size: v.length }));
  objects.splice(5, 0, { oid: '7'.repeat(64), size: 10 });
  const received = new Map<string, Uint8Array>();
  let last: BatchProgress | undefined;
  const results = await lfs.downloadObjects(objects, async (object, stream) => void received.set(object.oid, await collect(stream)), {
    onProgress: (p) => (last = p),
  });
  assert.equal(results[5]!.status, 'failed');
  assert.equal((results[5]!.error as RemoteError | undefined)?.code, 'ENOTFOUND');
  assert.equal(results.filter((r) => r.status === 'transferred').length, 12);
  for (const v of values) assert.deepEqual(received.get(sha256Hex(v)), v);
  const fetched = values.reduce((s, v) => s + v.length, 0);
  assert.equal(last!.processed, fetched);
  assert.equal(last!.transferred, fetched);
  assert.equal(last!.objectsDone, 13);
});

test('a sink that fails fails that object only', async () => {
  const { lfs } = await client();
  const a = testBytes(10, 400);
  const b = testBytes(11, 401);
  server.put(a);
  server.put(b);
  const results = await lfs.downloadObjects(
    [{ oid: sha256Hex(a), size: 10 }, { oid: sha256Hex(b), size: 11 }],
    async (object, stream) => {
      await collect(stream);
      if (object.size === 10) throw new Error('disk full');
    },
  );
  assert.deepEqual(results.map((r) => r.status), ['failed', 'transferred']);
});
