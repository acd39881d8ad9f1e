import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteError } from '../errors.js';
import { startLfsServer, type LfsTestServer } from '../testing/lfs-server.js';
import { testLfsClient, testBytes, sha256Hex } from '../testing/lfs-client.js';
import type { Progress } from './types.js';

const TOKEN = 'upload-token-5521';
let server: LfsTestServer;

before(async () => {
  server = await startLfsServer({ users: { alice: TOKEN } });
});
after(() => server.close());

const client = () => testLfsClient(server.url, { user: 'alice', token: TOKEN });

function pieces(bytes: Uint8Array, size: number) {
  let opened = 0;
  const source = function* () {
    opened++;
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
  return { source, opened: () => opened };
}

test('an upload PUTs the bytes with the action headers, then verifies', async () => {
  const { lfs } = await client();
  const bytes = testBytes(300_000, 10);
  const oid = sha256Hex(bytes);
  server.requests.length = 0;
  const events: Progress[] = [];
  const result = await lfs.upload({ oid: `sha256:${oid}`, size: bytes.length }, pieces(bytes, 65_536).source, { onProgress: (p) => events.push(p) });
  assert.deepEqual(result, { oid: `sha256:${oid}`, size: bytes.length, uploaded: true });
  assert.deepEqual(server.objects.get(oid), Buffer.from(bytes));
  const [, put, verify] = server.requests;
  assert.equal(put!.method, 'PUT');
  assert.match(String(put!.headers.authorization), /^RemoteAuth /, 'the action header, not our Basic credentials');
  assert.equal(put!.headers['content-type'], 'application/octet-stream');
  assert.equal(put!.headers['content-length'], String(bytes.length));
  assert.equal(verify!.method, 'POST');
  assert.match(verify!.url, /\/verify$/);
  assert.equal(verify!.headers['content-type'], 'application/vnd.git-lfs+json');
  assert.deepEqual(events.at(-1), { processed: bytes.length, transferred: bytes.length, total: bytes.length });
});

test('an object the server has is not sent: processed, not transferred', async () => {
  const { lfs } = await client();
  const bytes = testBytes(5000, 11);
  const oid = server.put(bytes);
  server.requests.length = 0;
  const events: Progress[] = [];
  const { source, opened } = pieces(bytes, 1000);
  const result = await lfs.upload({ oid, size: bytes.length }, source, { onProgress: (p) => events.push(p) });
  assert.equal(result.uploaded, false);
  assert.equal(opened(), 0);
  assert.deepEqual(server.requests.map((r) => r.method), ['POST']);
  assert.deepEqual(events, [{ processed: 5000, transferred: 0, total: 5000 }]);
});

test('a failed PUT is sent again whole; resent bytes count as transferred, not processed', async () => {
  const { lfs, delays } = await client();
  const bytes = testBytes(20_000, 12);
  const oid = sha256Hex(bytes);
  server.fail({ method: 'PUT', status: 500 });
  const { source, opened } = pieces(bytes, 4096);
  let last: Progress | undefined;
  await lfs.upload({ oid, size: bytes.length }, source, { onProgress: (p) => (last = p) });
  assert.equal(opened(), 2);
  assert.equal(delays.length, 1);
  assert.deepEqual(last, { processed: 20_000, transferred: 40_000, total: 20_000 });
  assert.deepEqual(server.objects.get(oid), Buffer.from(bytes));
});

test('bytes in memory upload too, and a failing verify is retried', async () => {
  const { lfs, delays } = await client();
  const bytes = testBytes(1234, 13);
  const oid = sha256Hex(bytes);
  server.fail({ path: /\/verify$/, status: 503 });
  await lfs.upload({ oid, size: bytes.length }, bytes);
  assert.equal(delays.length, 1);
  assert.ok(server.objects.has(oid));
});

test('bytes that are not the object are refused by the server (400), not stored', async () => {
  const { lfs } = await client();
  const bytes = testBytes(100, 14);
  const oid = sha256Hex(testBytes(100, 15));
  await assert.rejects(lfs.upload({ oid, size: 100 }, bytes), (err: RemoteError) => err.code === 'EHTTP' && err.data.status === 400);
  assert.equal(server.objects.has(oid), false);
});

test('the ref goes with the batch request', async () => {
  const { lfs } = await client();
  server.batchRequests.length = 0;
  const bytes = testBytes(10, 16);
  await lfs.upload({ oid: sha256Hex(bytes), size: 10 }, bytes, { ref: 'refs/heads/main' });
  assert.deepEqual(server.batchRequests[0]!.ref, { name: 'refs/heads/main' });
});

test('an action about to expire is asked for again before use', async () => {
  const short = await startLfsServer({ expiresIn: (n) => (n === 0 ? 3 : 3600) });
  try {
    const { lfs } = await testLfsClient(short.url);
    const bytes = testBytes(64, 17);
    await lfs.upload({ oid: sha256Hex(bytes), size: 64 }, bytes);
    assert.equal(short.batchRequests.length, 2);
    assert.equal(short.objects.size, 1);
  } finally {
    await short.close();
  }
});

test('an action that keeps coming back expired is EEXPIRED', async () => {
  const stale = await startLfsServer({ expiresIn: () => -10 });
  try {
    const { lfs } = await testLfsClient(stale.url);
    const bytes = testBytes(8, 19);
    await assert.rejects(lfs.upload({ oid: sha256Hex(bytes), size: 8 }, bytes), (err: RemoteError) => err.code === 'EEXPIRED');
    assert.equal(stale.batchRequests.length, 2);
    assert.equal(stale.requests.filter((r) => r.method === 'PUT').length, 0);
  } finally {
    await stale.close();
  }
});

test('a large value in memory goes out in slices, with progress along the way', async () => {
  const { lfs } = await client();
  const bytes = testBytes(1_000_000, 20);
  const events: Progress[] = [];
  await lfs.upload({ oid: sha256Hex(bytes), size: bytes.length }, bytes, { onProgress: (p) => events.push(p) });
  assert.deepEqual(events.map((e) => e.processed), [262_144, 524_288, 786_432, 1_000_000]);
  assert.ok(server.objects.has(sha256Hex(bytes)));
});

test('storage on another origin never sees our credentials', async () => {
  const split = await startLfsServer({ users: { alice: TOKEN }, separateStorage: true });
  try {
    const { lfs } = await testLfsClient(split.url, { user: 'alice', token: TOKEN });
    const bytes = testBytes(2048, 18);
    const oid = sha256Hex(bytes);
    await lfs.upload({ oid, size: bytes.length }, bytes);
    const got: Uint8Array[] = [];
    for await (const piece of lfs.download({ oid, size: bytes.length })) got.push(piece);
    const storage = split.requests.filter((r) => r.origin === 'storage');
    assert.deepEqual(storage.map((r) => r.method), ['PUT', 'GET']);
    for (const r of storage) assert.doesNotMatch(String(r.headers.authorization), /Basic/);
    for (const r of split.requests.filter((r) => r.origin === 'lfs' && r.url.endsWith('/batch'))) assert.match(String(r.headers.authorization), /^Basic /);
  } finally {
    await split.close();
  }
});
