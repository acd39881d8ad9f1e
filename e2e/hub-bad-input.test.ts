// Malformed input of every kind, over raw HTTP against a real hub: each answer is a 4xx with a
// JSON `{ message }`, nothing is stored, nothing appears outside the data directory, and the
// hub goes on serving.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, stat, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { addUser, createProject, grant, settledStats, startHubProcess, type HubProcess } from './support/hub-process.js';
import { raw, type RawRequest } from './support/raw-http.js';

let hub: HubProcess;
let basic: string;
let readBasic: string;
const LFS = '/alice/box.git/info/lfs';
const LFS_JSON = 'application/vnd.git-lfs+json';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) await walk(p, out);
  }
  return out;
}

/** Stored content: chunk packs, their indexes and manifests (project records and users aside). */
async function storedContent(): Promise<string[]> {
  const storage = join(hub.data, 'storage', 'v1');
  const all = await walk(storage).catch(() => [] as string[]);
  return all.filter((p) => /\/(chunks\/packs|chunks\/index|values)\/./.test(p)).map((p) => relative(storage, p));
}

before(async () => {
  hub = await startHubProcess();
  const token = await addUser(hub, 'alice');
  await createProject(hub, token, 'alice/box');
  await addUser(hub, 'reader');
  const readToken = await grant(hub, token, 'reader', 'alice/box', 'read');
  basic = `Basic ${Buffer.from(`alice:${token}`).toString('base64')}`;
  readBasic = `Basic ${Buffer.from(`reader:${readToken}`).toString('base64')}`;
  // A file beside the data directory: it must be untouched at the end.
  await mkdir(join(hub.root, 'outside'), { recursive: true });
  await writeFile(join(hub.root, 'outside', 'sentinel'), 'x');
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
});

async function expect4xx(name: string, r: RawRequest, status?: number | number[]): Promise<void> {
  const res = await raw(hub.url, { ...r, headers: { authorization: basic, ...r.headers } });
  assert.ok(res, `${name}: no answer`);
  const allowed = status === undefined ? undefined : Array.isArray(status) ? status : [status];
  assert.ok(res.status >= 400 && res.status < 500, `${name}: status ${res.status} ${res.body.toString().slice(0, 200)}`);
  if (allowed) assert.ok(allowed.includes(res.status), `${name}: status ${res.status}, expected ${allowed.join(' or ')}: ${res.body.toString().slice(0, 200)}`);
  assert.equal(typeof res.json?.message, 'string', `${name}: a JSON message, got ${res.body.toString().slice(0, 200)}`);
  assert.match(String(res.headers['content-type']), /json/, name);
}

const batch = (body: unknown, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path: `${LFS}/objects/batch`,
  headers: { 'content-type': LFS_JSON, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const upload = (objects: unknown[]) => batch({ operation: 'upload', objects });
const goodOid = sha('some bytes');

test('malformed JSON and wrong content types', async () => {
  await expect4xx('truncated JSON', batch('{"operation": "upload", "objects": ['), 400);
  await expect4xx('not JSON', batch('operation=upload'), 400);
  await expect4xx('JSON array', batch('[1,2]'), 400);
  await expect4xx('JSON string', batch('"upload"'), 400);
  await expect4xx('empty body', batch(''), 400);
  await expect4xx('text/plain', batch({ operation: 'upload', objects: [] }, { 'content-type': 'text/plain' }), 415);
  await expect4xx('no content type', { method: 'POST', path: `${LFS}/objects/batch`, body: '{}' }, 415);
  await expect4xx('unknown operation', batch({ operation: 'delete', objects: [{ oid: goodOid, size: 1 }] }), 400);
  await expect4xx('objects not an array', batch({ operation: 'upload', objects: { oid: goodOid } }), 400);
  await expect4xx('no objects', upload([]), 400);
  await expect4xx('hash_algo', batch({ operation: 'upload', hash_algo: 'sha512', objects: [{ oid: goodOid, size: 1 }] }), 409);
  await expect4xx('transfers not strings', batch({ operation: 'upload', transfers: [1], objects: [{ oid: goodOid, size: 1 }] }), 400);
  await expect4xx('users: bad JSON', { method: 'POST', path: '/api/users', headers: { 'content-type': 'application/json' }, body: '{"name":' }, 400);
  await expect4xx('projects: form body', { method: 'POST', path: '/api/projects', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=a/b' }, 415);
  await expect4xx('locks: bad JSON', { method: 'POST', path: `${LFS}/locks`, headers: { 'content-type': LFS_JSON }, body: '{' }, 400);
  await expect4xx('locks: no path', { method: 'POST', path: `${LFS}/locks`, headers: { 'content-type': LFS_JSON }, body: '{"path": 7}' }, 400);
  await expect4xx('chunk pack as JSON', { method: 'POST', path: `${LFS}/chunks/packs`, headers: { 'content-type': 'application/json' }, body: '{}' }, 415);
  await expect4xx('undecodable body', batch(gzipSync('{}').toString('latin1'), { 'content-encoding': 'br' }), [400, 415]);
  await expect4xx('unknown encoding', batch('{}', { 'content-encoding': 'zstd-x' }), 415);
});

test('bad oids and sizes', async () => {
  for (const oid of ['abc', goodOid.toUpperCase(), `${goodOid}0`, goodOid.slice(1), '../../../../etc/passwd', 42, null, `${'g'.repeat(64)}`]) {
    await expect4xx(`oid ${String(oid).slice(0, 20)}`, upload([{ oid, size: 1 }]), 400);
  }
  for (const size of [-1, 1.5, '10', 2 ** 60, 1e300, null, Number.MAX_SAFE_INTEGER + 2]) {
    await expect4xx(`size ${size}`, upload([{ oid: goodOid, size }]), [400, 413]);
  }
  await expect4xx('more than the hub object limit', upload([{ oid: goodOid, size: 2 ** 50 }]), 400);
  await expect4xx('too many objects', upload(Array.from({ length: 1001 }, (_, i) => ({ oid: sha(String(i)), size: 1 }))), 413);
  for (const oid of ['abc', 'ZZZ', '..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e', `${goodOid}%00`, goodOid.toUpperCase()]) {
    await expect4xx(`GET object ${oid}`, { path: `${LFS}/objects/${oid}` }, [400, 404]);
    await expect4xx(`PUT object ${oid}`, { method: 'PUT', path: `${LFS}/objects/${oid}`, body: 'x' }, [400, 404]);
  }
  await expect4xx('PUT size query not a number', { method: 'PUT', path: `${LFS}/objects/${goodOid}?size=-5`, body: 'x' }, 400);
  await expect4xx('verify bad size', { method: 'POST', path: `${LFS}/verify`, headers: { 'content-type': LFS_JSON }, body: JSON.stringify({ oid: goodOid, size: -3 }) }, 400);
  await expect4xx('GET a missing object', { path: `${LFS}/objects/${goodOid}` }, 404);
  await expect4xx('bad Range', { path: `${LFS}/objects/${goodOid}`, headers: { range: 'bytes=zz' } }, [400, 404]);
});

test('path traversal in project names and oids, plain and percent-encoded', async () => {
  const paths = [
    '/../../etc/passwd.git/info/refs?service=git-upload-pack',
    '/alice/..%2F..%2F..%2Fetc.git/info/refs?service=git-upload-pack',
    '/%2e%2e/%2e%2e.git/info/refs?service=git-upload-pack',
    '/alice/%2e%2e.git/info/lfs/objects/batch',
    '/alice/box%2F..%2F..%2Fx.git/info/refs?service=git-upload-pack',
    '/..%2f..%2fetc/passwd/info/lfs/locks',
    '/alice/.git/info/refs?service=git-upload-pack',
    '/Alice/Box.git/info/refs?service=git-upload-pack',
    '/alice/box.git.git/info/refs?service=git-upload-pack',
    '/alice/%00box.git/info/refs?service=git-upload-pack',
    '/alice/box.git/info/refs?service=../../hooks',
    '/alice/box.git/info/refs',
    '/alice/box.git/objects/info/packs',
    '/alice/box.git/HEAD',
    '/api/projects/..%2F../x',
    '/alice/box.git/info/lfs/objects/%E0%A4%A',
  ];
  for (const path of paths) await expect4xx(path, { path });
  await expect4xx('create ../x', { method: 'POST', path: '/api/projects', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '../x' }) }, 400);
  await expect4xx('create a/../../b', { method: 'POST', path: '/api/projects', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice/../../b' }) }, 400);
  await expect4xx('create alice/..', { method: 'POST', path: '/api/projects', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice/..' }) }, 400);
  await expect4xx('user ../x', { method: 'POST', path: '/api/users', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '../x' }) }, [400, 403]);
  await expect4xx('lock id ../', { method: 'POST', path: `${LFS}/locks/..%2F..%2Fx/unlock`, headers: { 'content-type': LFS_JSON }, body: '{}' }, 400);
});

test('oversized, truncated and wrongly hashed bodies store nothing', async () => {
  await expect4xx('a JSON body over the limit', batch({ operation: 'upload', objects: [{ oid: goodOid, size: 1 }], pad: 'x'.repeat(2 * 1024 * 1024) }), 413);

  const bytes = randomBytes(300_000);
  const oid = sha(bytes);
  await expect4xx('wrong hash', { method: 'PUT', path: `${LFS}/objects/${sha('other')}`, body: bytes }, 400);
  await expect4xx('more bytes than the size', { method: 'PUT', path: `${LFS}/objects/${oid}?size=1000`, body: bytes }, 400);
  await expect4xx('fewer bytes than the size', { method: 'PUT', path: `${LFS}/objects/${oid}?size=400000`, body: bytes }, 400);
  await expect4xx('Content-Length against size', { method: 'PUT', path: `${LFS}/objects/${oid}?size=5`, body: bytes }, 400);
  await expect4xx('over the object limit', { method: 'PUT', path: `${LFS}/objects/${oid}?size=${2 ** 52}`, body: bytes }, 400);
  await expect4xx('gzip upload', { method: 'PUT', path: `${LFS}/objects/${oid}`, headers: { 'content-encoding': 'gzip' }, body: gzipSync(bytes) }, 415);
  await expect4xx('read token upload', { method: 'PUT', path: `${LFS}/objects/${oid}`, headers: { authorization: readBasic }, body: bytes }, 403);
  // A body cut off mid-way: the connection dies, and nothing may remain of it.
  assert.equal(await raw(hub.url, { method: 'PUT', path: `${LFS}/objects/${oid}`, headers: { authorization: basic }, body: bytes, cutAfter: 150_000 }), undefined);
  const chunked = await raw(hub.url, { method: 'PUT', path: `${LFS}/objects/${oid}`, headers: { authorization: basic, 'transfer-encoding': 'chunked' }, body: bytes, cutAfter: 200_000 });
  assert.equal(chunked, undefined);
  // Big enough that packs are written before the cut: they must be rolled back.
  const big = randomBytes(40 << 20);
  await raw(hub.url, { method: 'PUT', path: `${LFS}/objects/${sha(big)}?size=${big.length}`, headers: { authorization: basic }, body: big, cutAfter: 36 << 20 });
  // A chunk pack with a bad frame, a lying length, a truncated tail.
  const frame = Buffer.alloc(36);
  frame.writeUInt32LE(100, 32);
  await expect4xx('chunk hash mismatch', { method: 'POST', path: `${LFS}/chunks/packs`, headers: { 'content-type': 'application/vnd.xetcache.chunks' }, body: Buffer.concat([frame, randomBytes(100)]) }, 400);
  await expect4xx('truncated chunk', { method: 'POST', path: `${LFS}/chunks/packs`, headers: { 'content-type': 'application/vnd.xetcache.chunks' }, body: Buffer.concat([frame, randomBytes(40)]) }, 400);
  frame.writeUInt32LE(0xffffffff, 32);
  await expect4xx('huge chunk', { method: 'POST', path: `${LFS}/chunks/packs`, headers: { 'content-type': 'application/vnd.xetcache.chunks' }, body: Buffer.concat([frame, randomBytes(40)]) }, 400);
  await expect4xx('register without chunks', { method: 'PUT', path: `${LFS}/chunks/values/${oid}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size: 10, chunks: [{ hash: 'a'.repeat(64), length: 10 }] }) }, 400);
  await expect4xx('register bad chunk hash', { method: 'PUT', path: `${LFS}/chunks/values/${oid}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size: 10, chunks: [{ hash: '../x', length: 10 }] }) }, 400);
  await expect4xx('chunk data of a missing value', { path: `${LFS}/chunks/values/${oid}/data?chunks=0-3` }, 404);

  const s = await settledStats(hub);
  assert.equal(s.counters.uploads, 0);
  assert.deepEqual(await storedContent(), [], 'no packs, indexes or manifests');
  await expect4xx('still not there', { path: `${LFS}/objects/${oid}` }, 404);
});

test('credentials: none is 401 with LFS-Authenticate, wrong ones 403', async () => {
  const none = await raw(hub.url, { method: 'POST', path: `${LFS}/objects/batch`, headers: { 'content-type': LFS_JSON }, body: '{' });
  assert.equal(none?.status, 401);
  assert.equal(none?.headers['lfs-authenticate'], 'Basic realm="xetcache"');
  assert.equal(typeof none?.json?.message, 'string');
  for (const authorization of ['Basic !!!', 'Basic ' + Buffer.from('alice').toString('base64'), 'Basic ' + Buffer.from('alice:wrong-token').toString('base64'), 'Bearer nope-nope-nope', 'Digest x', 'Basic ' + Buffer.from('bob:' + basic).toString('base64')]) {
    await expect4xx(authorization.slice(0, 12), { path: '/api/whoami', headers: { authorization } }, 403);
  }
  await expect4xx('another user\'s name with alice\'s token', { path: '/api/whoami', headers: { authorization: `Basic ${Buffer.from(`reader:${Buffer.from(basic.slice(6), 'base64').toString().split(':')[1]}`).toString('base64')}` } }, 403);
  await expect4xx('read token, upload batch', { ...upload([{ oid: goodOid, size: 1 }]), headers: { 'content-type': LFS_JSON, authorization: readBasic } }, 403);
  await expect4xx('read token, receive-pack', { path: '/alice/box.git/info/refs?service=git-receive-pack', headers: { authorization: readBasic } }, 403);
  await expect4xx('no project', { path: '/alice/nothing.git/info/refs?service=git-upload-pack' }, 404);
  await expect4xx('someone else\'s namespace', { path: '/zed/nothing.git/info/refs?service=git-upload-pack' }, 403);
});

test('after all that, the hub serves, and nothing was written outside its data directory', async () => {
  const health = await raw(hub.url, { path: '/healthz' });
  assert.equal(health?.status, 200);
  const bytes = Buffer.from('fine after all\n');
  const ok = await raw(hub.url, { method: 'PUT', path: `${LFS}/objects/${sha(bytes)}?size=${bytes.length}`, headers: { authorization: basic }, body: bytes });
  assert.equal(ok?.status, 200);
  const back = await raw(hub.url, { path: `${LFS}/objects/${sha(bytes)}`, headers: { authorization: basic, range: 'bytes=5-' } });
  assert.equal(back?.status, 206);
  assert.equal(back?.body.toString(), 'after all\n');
  assert.deepEqual((await readdir(hub.root)).sort(), ['data', 'outside']);
  assert.deepEqual(await readdir(join(hub.root, 'outside')), ['sentinel']);
  assert.equal((await stat(join(hub.root, 'outside', 'sentinel'))).size, 1);
  assert.deepEqual((await readdir(hub.data)).sort(), ['repos', 'storage']);
  assert.deepEqual((await readdir(join(hub.data, 'repos'))).filter((n) => !n.startsWith('.')), ['alice']);
  assert.deepEqual(await readdir(join(hub.data, 'repos', 'alice')), ['box.git']);
});
