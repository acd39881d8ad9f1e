import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteError } from '../errors.js';
import { startLfsServer, type LfsTestServer } from '../testing/lfs-server.js';
import { testLfsClient, testBytes, collect, sha256Hex } from '../testing/lfs-client.js';
import type { Progress } from './types.js';

const TOKEN = 'download-token-0c4e';
let server: LfsTestServer;

before(async () => {
  server = await startLfsServer({ users: { alice: TOKEN } });
});
after(() => server.close());

const client = (options: Parameters<typeof testLfsClient>[1] = {}) => testLfsClient(server.url, { user: 'alice', token: TOKEN, ...options });
const objectGets = () => server.requests.filter((r) => r.method === 'GET');

test('a download streams the verified bytes, with progress', async () => {
  const { lfs } = await client();
  const bytes = testBytes(500_000, 20);
  const oid = server.put(bytes);
  const events: Progress[] = [];
  const got = await collect(lfs.download({ oid: `sha256:${oid}`, size: bytes.length }, { onProgress: (p) => events.push(p) }));
  assert.deepEqual(got, bytes);
  assert.deepEqual(events.at(-1), { processed: bytes.length, transferred: bytes.length, total: bytes.length });
  assert.ok(events.length > 1);
});

test('a connection reset mid-body resumes with Range from the last byte (206)', async () => {
  const { lfs, delays } = await client();
  const bytes = testBytes(300_000, 21);
  const oid = server.put(bytes);
  server.requests.length = 0;
  server.fail({ method: 'GET', path: /\/objects\/[0-9a-f]{64}$/, resetAfter: 100_000 });
  let last: Progress | undefined;
  const got = await collect(lfs.download({ oid, size: bytes.length }, { onProgress: (p) => (last = p) }));
  assert.deepEqual(got, bytes);
  const gets = objectGets();
  assert.equal(gets.length, 2);
  assert.equal(gets[0]!.headers.range, undefined);
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(String(gets[1]!.headers.range))?.[1]);
  assert.ok(resumedAt > 0 && resumedAt <= 100_000, `resumed at ${resumedAt}`);
  assert.equal(delays.length, 1);
  assert.deepEqual(last, { processed: bytes.length, transferred: bytes.length, total: bytes.length });
});

test('a server that answers a resume with the whole object (200) is skipped forward', async () => {
  const { lfs } = await client();
  const bytes = testBytes(200_000, 22);
  const oid = server.put(bytes);
  server.requests.length = 0;
  server.fail({ method: 'GET', path: /\/objects\//, resetAfter: 50_000 });
  server.fail({ method: 'GET', path: /\/objects\//, ignoreRange: true });
  let last: Progress | undefined;
  const got = await collect(lfs.download({ oid, size: bytes.length }, { onProgress: (p) => (last = p) }));
  assert.deepEqual(got, bytes);
  assert.equal(last!.processed, bytes.length);
  assert.ok(last!.transferred > bytes.length, 'the bytes sent twice were transferred twice');
});

test('a body that stalls is aborted and resumed', async () => {
  const { lfs, timers } = await client({ stallMs: 10_000 });
  const bytes = testBytes(150_000, 23);
  const oid = server.put(bytes);
  server.requests.length = 0;
  server.fail({ method: 'GET', path: /\/objects\//, stallAfter: 40_000 });
  const it = lfs.download({ oid, size: bytes.length })[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let received = 0;
  while (received < 40_000) {
    const step = await it.next();
    parts.push(step.value as Uint8Array);
    received += (step.value as Uint8Array).length;
  }
  const next = it.next();
  // Wait until the read is under way (its stall deadline set), then let that deadline pass.
  while (timers.pending === 0) await new Promise((resolve) => setImmediate(resolve));
  timers.advance(10_000);
  for (let step = await next; !step.done; step = await it.next()) parts.push(step.value);
  assert.deepEqual(new Uint8Array(Buffer.concat(parts)), bytes);
  assert.equal(objectGets().length, 2);
  assert.equal(objectGets()[1]!.headers.range, 'bytes=40000-');
});

test('bytes that do not hash to the oid fail the stream with EINTEGRITY', async () => {
  const { lfs } = await client();
  const bytes = testBytes(10_000, 24);
  const oid = server.put(bytes);
  server.fail({ method: 'GET', path: /\/objects\//, corrupt: true });
  await assert.rejects(collect(lfs.download({ oid, size: bytes.length })), (err: RemoteError) => err.code === 'EINTEGRITY');
});

test('an object larger than announced fails with EINTEGRITY', async () => {
  const { lfs } = await client();
  const bytes = testBytes(1000, 25);
  const oid = server.put(bytes);
  // The server knows the object as 1000 bytes; asking for 999 is answered as a size conflict.
  await assert.rejects(collect(lfs.download({ oid, size: 999 })), (err: RemoteError) => err.code === 'EHTTP' && err.data.status === 422);
});

test('resumes are bounded: a connection that keeps breaking fails with ENETWORK', async () => {
  const { lfs, delays } = await client({ lfs: { maxResumes: 3 } });
  const bytes = testBytes(100_000, 26);
  const oid = server.put(bytes);
  server.fail({ method: 'GET', path: /\/objects\//, resetAfter: 1000, times: 10 });
  await assert.rejects(collect(lfs.download({ oid, size: bytes.length })), (err: RemoteError) => err.code === 'ENETWORK');
  assert.equal(delays.length, 3);
  server.clearFailures();
});

test('an object the server lacks is ENOTFOUND', async () => {
  const { lfs } = await client();
  await assert.rejects(collect(lfs.download({ oid: '9'.repeat(64), size: 3 })), (err: RemoteError) => err.code === 'ENOTFOUND');
});

test('an action close to expiry is renewed before a resume', async () => {
  const short = await startLfsServer({ expiresIn: () => 10 });
  try {
    const { lfs, clock } = await testLfsClient(short.url);
    const bytes = testBytes(80_000, 27);
    const oid = short.put(bytes);
    short.fail({ method: 'GET', path: /\/objects\//, resetAfter: 20_000 });
    const parts: Uint8Array[] = [];
    for await (const piece of lfs.download({ oid, size: bytes.length })) {
      parts.push(piece);
      // Time passes while reading: by the resume, the 10 s action expires within the 5 s margin.
      if (parts.length === 1) clock.now += 6000;
    }
    assert.deepEqual(new Uint8Array(Buffer.concat(parts)), bytes);
    assert.equal(short.batchRequests.length, 2);
  } finally {
    await short.close();
  }
});

test('an empty object needs no request', async () => {
  const { lfs } = await client();
  server.requests.length = 0;
  const empty = sha256Hex(new Uint8Array(0));
  assert.deepEqual(await collect(lfs.download({ oid: empty, size: 0 })), new Uint8Array(0));
  assert.equal(server.requests.length, 0);
  await assert.rejects(collect(lfs.download({ oid: 'f'.repeat(64), size: 0 })), (err: RemoteError) => err.code === 'EINTEGRITY');
});
