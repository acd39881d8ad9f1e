// The hub built by createHub over the memory twin, driven over HTTP in-process: the LFS basic
// transfer and the xetcache-chunks transfer, and how they meet (values uploaded whole are
// chunked for chunk clients; values uploaded as chunks stream out whole). No git here: git runs
// against a real hub process in e2e/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkParams, digest, toXetHex } from '@xetcache/core';
import { createBestBlake3, nodeSha256 } from '@xetcache/core/node';
import { createHub } from './app.js';
import { bootstrapAdmin } from './accounts/bootstrap.js';
import { frameHeader } from './content/frames.js';
import { createMemoryBlobStore } from './storage/memory.js';

const params = chunkParams(4096);
const blake3 = await createBestBlake3();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const LFS_JSON = 'application/vnd.git-lfs+json';
let server: Server;
let url: string;
let reposDir: string;
let alice: string;
let bob: string;
const ADMIN = 'xct_admin_token_for_tests';

before(async () => {
  reposDir = await mkdtemp(join(tmpdir(), 'xetcache-hub-app-'));
  const hub = await createHub({ blobs: createMemoryBlobStore(), reposDir, blake3, sha256: nodeSha256, params, packSize: 64 * 1024, log: () => undefined });
  await bootstrapAdmin(hub.accounts, ADMIN);
  server = createServer(hub.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  alice = (await call('POST', '/api/users', ADMIN, { name: 'alice' })).body.token;
  bob = (await call('POST', '/api/users', ADMIN, { name: 'bob' })).body.token;
  for (const [token, name] of [[alice, 'alice/a'], [bob, 'bob/b']] as const) {
    assert.equal((await call('POST', '/api/projects', token, { name })).status, 201);
  }
});

after(async () => {
  await new Promise((r) => server.close(r));
  await rm(reposDir, { recursive: true, force: true });
});

async function call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers; bytes: Buffer }> {
  const isBytes = body instanceof Uint8Array;
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined || isBytes ? {} : { 'content-type': path.includes('/info/lfs') ? LFS_JSON : 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : isBytes ? new Uint8Array(body) : JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, headers: res.headers, bytes };
}

const lfs = (project: string) => `/${project}.git/info/lfs`;

test('whoami; 401 without credentials, 403 with wrong ones', async () => {
  assert.deepEqual((await call('GET', '/api/whoami', alice)).body, { user: 'alice', email: null, admin: false });
  const none = await call('GET', '/api/whoami', undefined);
  assert.equal(none.status, 401);
  assert.equal(none.headers.get('lfs-authenticate'), 'Basic realm="xetcache"');
  assert.equal((await call('GET', '/api/whoami', 'xct_wrong_wrong_wrong')).status, 403);
  assert.equal((await call('GET', '/healthz', undefined)).status, 200);
});

test('basic transfer: batch, PUT, batch again without actions, GET with Range, verify', async () => {
  const data = randomBytes(100_000);
  const oid = sha(data);
  const up = await call('POST', `${lfs('alice/a')}/objects/batch`, alice, { operation: 'upload', transfers: ['basic'], objects: [{ oid, size: data.length }] });
  assert.equal(up.status, 200);
  assert.match(up.headers.get('content-type') ?? '', /^application\/vnd\.git-lfs\+json\b/);
  assert.equal(up.body.transfer, 'basic');
  const action = up.body.objects[0].actions.upload;
  assert.equal(action.header.Authorization, `Bearer ${alice}`);
  const put = await fetch(action.href, { method: 'PUT', headers: action.header, body: data });
  assert.equal(put.status, 200);
  const again = await call('POST', `${lfs('alice/a')}/objects/batch`, alice, { operation: 'upload', objects: [{ oid, size: data.length }] });
  assert.equal(again.body.objects[0].actions, undefined, 'present: no actions');
  assert.equal((await call('POST', `${lfs('alice/a')}/verify`, alice, { oid, size: data.length })).status, 200);
  assert.equal((await call('POST', `${lfs('alice/a')}/verify`, alice, { oid, size: data.length + 1 })).status, 404);

  const down = await call('POST', `/alice/a/info/lfs/objects/batch`, alice, { operation: 'download', objects: [{ oid, size: data.length }] });
  const href = down.body.objects[0].actions.download.href;
  const whole = await call('GET', new URL(href).pathname, alice);
  assert.deepEqual(whole.bytes, data);
  const part = await call('GET', new URL(href).pathname, alice, undefined, { range: 'bytes=70000-' });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 70000-99999/100000`);
  assert.deepEqual(part.bytes, data.subarray(70_000));
  const past = await call('GET', new URL(href).pathname, alice, undefined, { range: 'bytes=100000-' });
  assert.equal(past.status, 416);
  assert.equal(past.headers.get('content-range'), 'bytes */100000');
});

test('objects are per project: knowing an oid does not let another project download it', async () => {
  const data = randomBytes(5000);
  const oid = sha(data);
  assert.equal((await call('PUT', `${lfs('alice/a')}/objects/${oid}`, alice, data)).status, 200);
  const down = await call('POST', `${lfs('bob/b')}/objects/batch`, bob, { operation: 'download', objects: [{ oid, size: data.length }] });
  assert.equal(down.body.objects[0].error.code, 404);
  assert.equal((await call('GET', `${lfs('bob/b')}/objects/${oid}`, bob)).status, 404);
  // Bob must send the bytes to have them in his project (they are stored once all the same).
  const up = await call('POST', `${lfs('bob/b')}/objects/batch`, bob, { operation: 'upload', objects: [{ oid, size: data.length }] });
  assert.ok(up.body.objects[0].actions.upload);
  assert.equal((await call('GET', `${lfs('alice/a')}/objects/${oid}`, bob)).status, 403);
});

async function chunksOf(data: Uint8Array) {
  const d = await digest(data, { blake3, sha256: nodeSha256, params });
  let at = 0;
  const chunks = d.chunks.map((c) => {
    const out = { hash: toXetHex(c.hash), raw: c.hash, data: data.subarray(at, at + c.length), length: c.length };
    at += c.length;
    return out;
  });
  return { oid: d.oid.slice(7), xetHash: d.xetHash, chunks };
}

const pack = (chunks: Array<{ raw: Uint8Array; data: Uint8Array }>) => Buffer.concat(chunks.flatMap((c) => [frameHeader(c.raw, c.data.length), c.data]));

function parseFrames(bytes: Buffer): Array<{ hash: string; data: Buffer }> {
  const out = [];
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32LE(at + 32);
    out.push({ hash: toXetHex(bytes.subarray(at, at + 32)), data: bytes.subarray(at + 36, at + 36 + length) });
    at += 36 + length;
  }
  return out;
}

test('chunk transfer: only missing chunks go up; a chunk-uploaded value streams out whole to basic clients', async () => {
  const base = randomBytes(200_000);
  // Uploaded whole first (as stock git-lfs would): the hub chunks it.
  assert.equal((await call('PUT', `${lfs('alice/a')}/objects/${sha(base)}`, alice, base)).status, 200);
  const edited = Buffer.concat([base.subarray(0, 100_000), Buffer.from('an edit in the middle'), base.subarray(100_000)]);
  const { oid, xetHash, chunks } = await chunksOf(edited);

  const batch = await call('POST', `${lfs('alice/a')}/objects/batch`, alice, { operation: 'upload', transfers: ['xetcache-chunks', 'basic'], objects: [{ oid, size: edited.length }] });
  assert.equal(batch.body.transfer, 'xetcache-chunks');
  assert.match(batch.body.objects[0].actions.upload.href, new RegExp(`/chunks/values/${oid}$`));

  const missing = await call('POST', `${lfs('alice/a')}/chunks/missing`, alice, { hashes: chunks.map((c) => c.hash) });
  assert.equal(missing.status, 200);
  assert.ok(missing.body.missing.length > 0 && missing.body.missing.length <= 3, `${missing.body.missing.length} of ${chunks.length} chunks missing after a small edit`);
  const wanted = chunks.filter((c) => missing.body.missing.includes(c.hash));
  const sent = await call('POST', `${lfs('alice/a')}/chunks/packs`, alice, pack(wanted), { 'content-type': 'application/vnd.xetcache.chunks' });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.equal(sent.body.stored, wanted.length);

  const reg = await call('PUT', `${lfs('alice/a')}/chunks/values/${oid}`, alice, { size: edited.length, chunks: chunks.map((c) => ({ hash: c.hash, length: c.length })) });
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  assert.deepEqual(reg.body, { oid: `sha256:${oid}`, size: edited.length, xetHash });

  // Stock git-lfs downloads it whole.
  assert.deepEqual((await call('GET', `${lfs('alice/a')}/objects/${oid}`, alice)).bytes, edited);
  // A chunk client reads the manifest, then only the chunks it lacks.
  const manifest = await call('GET', `${lfs('alice/a')}/chunks/values/${oid}`, alice);
  assert.deepEqual(manifest.body.chunks.map((c: { hash: string }) => c.hash), chunks.map((c) => c.hash));
  const data = await call('GET', `${lfs('alice/a')}/chunks/values/${oid}/data?chunks=1-2,5`, alice);
  assert.equal(data.headers.get('content-type'), 'application/vnd.xetcache.chunks');
  const frames = parseFrames(data.bytes);
  assert.deepEqual(frames.map((f) => f.hash), [chunks[1]!.hash, chunks[2]!.hash, chunks[5]!.hash]);
  assert.deepEqual(frames[2]!.data, Buffer.from(chunks[5]!.data));
  assert.equal((await call('GET', `${lfs('alice/a')}/chunks/values/${oid}/data?chunks=0-${chunks.length}`, alice)).status, 416);
});

test('chunk transfer: a claim that does not reassemble to its oid is refused and never served', async () => {
  const data = randomBytes(30_000);
  const { chunks } = await chunksOf(data);
  await call('POST', `${lfs('alice/a')}/chunks/packs`, alice, pack(chunks), { 'content-type': 'application/vnd.xetcache.chunks' });
  const lie = sha(randomBytes(10));
  const reg = await call('PUT', `${lfs('alice/a')}/chunks/values/${lie}`, alice, { size: data.length, chunks: chunks.map((c) => ({ hash: c.hash, length: c.length })) });
  assert.equal(reg.status, 400);
  assert.match(reg.body.message, /reassemble/);
  assert.equal((await call('GET', `${lfs('alice/a')}/objects/${lie}`, alice)).status, 404);
  assert.equal((await call('GET', `${lfs('alice/a')}/chunks/values/${lie}`, alice)).status, 404);
  const missing = await call('PUT', `${lfs('alice/a')}/chunks/values/${sha(data)}`, alice, { size: data.length, chunks: [{ hash: 'f'.repeat(64), length: 1000 }] });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body.missing, [0]);
});
