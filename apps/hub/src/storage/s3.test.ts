// The S3 backend against a real S3-compatible server (s3rver on 127.0.0.1): the conformance
// suite, on the server as it is (it ignores If-None-Match) and with If-None-Match enforced as
// S3 does; two stores (two hubs) racing on one key; clear errors at open; a body that fails
// mid-upload stores nothing; a 64 MiB blob streamed in and out in bounded memory.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isHubError } from '../errors.js';
import { collect } from './port.js';
import { openS3BlobStore, type S3BlobStore, type S3BlobStoreOptions } from './s3.js';
import { blobStoreConformance } from './testing/conformance.js';
import { startS3Server, type S3TestServer } from './testing/s3-server.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;

// Listings of 3 keys a page, so every listing here pages through.
const plain = await startS3Server({ listPageSize: 3 });
const enforcing = await startS3Server({ enforceIfNoneMatch: true, listPageSize: 3 });
const opened: S3BlobStore[] = [];
after(async () => {
  for (const s of opened) s.destroy();
  await plain.close();
  await enforcing.close();
});

const prefix = () => `t-${randomBytes(6).toString('hex')}`;
async function open(server: S3TestServer, where = prefix(), extra: Partial<S3BlobStoreOptions> = {}): Promise<S3BlobStore> {
  const store = await openS3BlobStore({ ...server.settings(where), partSize: PART, ...extra });
  opened.push(store);
  return store;
}

blobStoreConformance({
  name: 's3 blob store (s3rver, If-None-Match ignored)',
  open: async () => ({ store: await open(plain), close: async () => undefined }),
});

blobStoreConformance({
  name: 's3 blob store (s3rver, If-None-Match enforced as S3 does)',
  open: async () => ({ store: await open(enforcing), close: async () => undefined }),
});

const text = (s: string) => new TextEncoder().encode(s);

test('s3: the probe at open tells whether the service enforces If-None-Match, and warns when not', async () => {
  const lines: string[] = [];
  const store = await open(plain, prefix(), { log: (l) => lines.push(l) });
  assert.equal(store.conditionalWrites, 'ignored');
  assert.match(lines.join('\n'), /ignores If-None-Match.*exclusive only within this hub process/);
  const strict = await open(enforcing, prefix(), { log: (l) => lines.push(l) });
  assert.equal(strict.conditionalWrites, 'enforced');
  assert.equal(lines.length, 1);
  assert.deepEqual(await collectKeys(strict, ''), [], 'the probe leaves nothing that lists');
});

test('s3: two stores on one bucket (two hubs) race ifAbsent on one key: exactly one wins, the other gets false', async () => {
  const where = prefix();
  const a = await open(enforcing, where);
  const b = await open(enforcing, where);
  for (let round = 0; round < 5; round++) {
    const key = `v1/users/u${round}`;
    const results = await Promise.all([a, b, a, b].map((s, i) => s.put(key, text(`writer ${i}`), { ifAbsent: true })));
    assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
    assert.equal(new TextDecoder().decode(await b.read(key)), `writer ${results.indexOf(true)}`);
  }
  // A multipart body commits under the same condition.
  const big = randomBytes(PART + 1000);
  assert.equal(await a.put('v1/big', big, { ifAbsent: true }), true);
  assert.equal(await b.put('v1/big', randomBytes(PART + 5), { ifAbsent: true }), false);
  assert.deepEqual(Buffer.from((await a.read('v1/big'))!), big);
  assert.equal(await enforcing.pendingUploads(), 0, 'the losing multipart upload was aborted');
  // What one store writes, the other reads and lists at once.
  await a.put('v1/tokens/t1', text('token'));
  assert.equal(new TextDecoder().decode(await b.read('v1/tokens/t1')), 'token');
  assert.deepEqual(await collectKeys(b, 'v1/tokens/'), ['v1/tokens/t1']);
});

test('s3: a put or a part that S3 answers 503 is sent again, body and all', async () => {
  const store = await open(plain);
  const small = randomBytes(1000);
  plain.failNextPuts(1);
  await store.put('v1/users/retried', small);
  assert.deepEqual(Buffer.from((await store.read('v1/users/retried'))!), small);
  const big = randomBytes(PART * 2 + 10);
  plain.failNextPuts(2);
  await store.put('v1/chunks/packs/retried', big);
  assert.deepEqual(Buffer.from((await store.read('v1/chunks/packs/retried'))!), big);
});

test('s3: wrong credentials, a missing bucket, or no server are one clear error at open', async () => {
  const wrongKey = { ...plain.settings(prefix()), credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'S3RVER' } };
  await assert.rejects(openS3BlobStore(wrongKey), (err) => isHubError(err, 'EBADREQUEST') && /credentials were refused \(InvalidAccessKeyId\).*AWS_ACCESS_KEY_ID/.test(err.message));
  // (s3rver checks the key id, not SigV4 signatures, so a wrong secret is not tried here.)
  const noBucket = { ...plain.settings(), bucket: 'no-such-bucket' };
  await assert.rejects(openS3BlobStore(noBucket), (err) => isHubError(err) && /s3:\/\/no-such-bucket .*the bucket does not exist/.test(err.message));
  const port = await closedPort();
  const nobody = { ...plain.settings(), endpoint: `http://127.0.0.1:${port}` };
  await assert.rejects(openS3BlobStore(nobody), (err) => isHubError(err, 'EUNAVAILABLE') && /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/.test(err.message));
});

test('s3: a body that fails mid-upload stores nothing: its multipart upload is aborted, an older blob stays', async () => {
  const store = await open(plain);
  async function* failing(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 12; i++) {
      if (i === 11) throw new Error('the client went away');
      yield randomBytes(MiB);
    }
  }
  await assert.rejects(store.put('v1/chunks/packs/p', failing()), /the client went away/);
  assert.deepEqual(await collectKeys(store, ''), []);
  assert.equal(await plain.pendingUploads(), 0);
  await store.put('v1/chunks/packs/p', text('older'));
  await assert.rejects(store.put('v1/chunks/packs/p', failing()), /the client went away/);
  assert.equal(new TextDecoder().decode(await store.read('v1/chunks/packs/p')), 'older');
  assert.equal(await plain.pendingUploads(), 0);
});

test('s3: a 64 MiB blob streams in and out whole, by range too, in bounded memory', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const store = await open(plain, prefix(), { partSize: PART, queueSize: 1 });
  const SIZE = 64 * MiB;
  const piece = (i: number) => createHash('sha512').update(`piece ${i}`).digest();
  // Deterministic bytes: 64-byte blocks, so any range can be made again.
  const bytesAt = (from: number, to: number) => {
    const out = Buffer.alloc(to - from);
    for (let at = from; at < to; ) {
      const block = Math.floor(at / 64);
      const b = piece(block);
      const n = b.copy(out, at - from, at - block * 64, Math.min(64, to - block * 64));
      at += n;
    }
    return out;
  };
  const measure = () => {
    gc();
    return process.memoryUsage().arrayBuffers;
  };
  const base = measure();
  let peak = 0;
  const sent = createHash('sha256');
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < SIZE; at += MiB) {
      const b = bytesAt(at, at + MiB);
      sent.update(b);
      yield b;
      peak = Math.max(peak, measure() - base);
    }
  }
  await store.put('v1/chunks/packs/big', source());
  assert.deepEqual(await store.stat('v1/chunks/packs/big'), { size: SIZE });
  // A part in flight, one filling, what the engine has not let go of yet, and s3rver's own
  // buffers (it runs in this process): a few parts, whatever the size of the blob.
  assert.ok(peak < SIZE / 2, `upload held ${(peak / MiB).toFixed(1)} MiB at most (parts of 5 MiB, 1 in flight)`);

  peak = 0;
  const got = createHash('sha256');
  let length = 0;
  let sinceMeasure = 0;
  for await (const p of (await store.get('v1/chunks/packs/big'))!) {
    got.update(p);
    length += p.length;
    sinceMeasure += p.length;
    if (sinceMeasure >= MiB) {
      sinceMeasure = 0;
      peak = Math.max(peak, measure() - base);
    }
  }
  assert.equal(length, SIZE);
  assert.equal(got.digest('hex'), sent.digest('hex'));
  assert.ok(peak < SIZE / 4, `download held ${(peak / MiB).toFixed(1)} MiB at most`);

  const from = 17 * MiB + 12345;
  const slice = await collect((await store.get('v1/chunks/packs/big', { offset: from, length: 3 * MiB }))!);
  assert.equal(slice.length, 3 * MiB);
  assert.ok(Buffer.from(slice).equals(bytesAt(from, from + 3 * MiB)));
});

async function collectKeys(store: S3BlobStore, p: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of store.list(p)) out.push(k);
  return out;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
