// Two hub processes on one S3 bucket (s3rver on 127.0.0.1, enforcing If-None-Match as S3 does),
// each with its own data directory, as docs/hub-storage.md deploys them: hub A holds the git
// repositories, both serve LFS and chunks. A token made on one works on the other; stock git-lfs
// pushes through A and pulls through B (and the other way), byte for byte; chunks sent through
// one hub register through the other; a lock taken on one holds on the other. A hub whose
// bucket or credentials are wrong stops at start with one line.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWasmSha256 } from '@xetcache/core';
import { createBestBlake3, openNodeStore } from '@xetcache/core/node';
import { createHttpClient, createLfsClient, fetchValue, pushValues, type HttpClient } from '@xetcache/remote';
import { addUser, api, createProject, settledStats, startHubProcess, type HubProcess } from './support/hub-process.js';
import { gitUser, type GitUser } from './support/git-user.js';
import { writeRandomFile } from './support/files.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';

let s3: S3TestServer;
let hubA: HubProcess;
let hubB: HubProcess;
let token: string;
let alice: GitUser;
let temp: string;
const adminToken = `xct_test_${randomBytes(16).toString('hex')}`;
// 24 MB: the hub writes it as a 16 MiB pack (a multipart upload) and a smaller one.
const sizes: Record<string, number> = { 'empty.bin': 0, 'ten.bin': 10, 'three.bin': 3_000_000, 'big.bin': 24_000_000 };

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

const lfsUrlOf = (hub: HubProcess) => `${hub.url}/alice/data.git/info/lfs`;

before(async () => {
  s3 = await startS3Server({ enforceIfNoneMatch: true });
  temp = await mkdtemp(join(tmpdir(), 'xetcache-e2e-s3-'));
  const env = { ...s3.env('team'), XETCACHE_ADMIN_TOKEN: adminToken };
  // Both first starts at once on an empty bucket: one creates the admin, both accept the token.
  [hubA, hubB] = await Promise.all([startHubProcess({ env }), startHubProcess({ env })]);
});

after(async () => {
  await Promise.all([hubA?.stop(), hubB?.stop()]);
  for (const dir of [hubA?.root, hubB?.root, alice?.home, temp]) if (dir) await rm(dir, { recursive: true, force: true });
  await s3?.close();
});

test('users and tokens live in the bucket: one made through hub A works on hub B', async () => {
  token = await addUser(hubA, 'alice');
  const who = await api(hubB, token, 'GET', '/api/whoami');
  assert.equal(who.status, 200);
  assert.equal(who.body.user, 'alice');
  assert.equal((await api(hubB, adminToken, 'GET', '/api/whoami')).body.admin, true);
  const again = await api(hubB, adminToken, 'POST', '/api/users', { name: 'alice' });
  assert.equal(again.status, 409, 'a user exists once, whichever hub is asked');
  assert.equal((await api(hubB, 'xct_not_a_token_of_anyone', 'GET', '/api/whoami')).status, 403);
});

test('stock git-lfs pushes through hub A; a clone pulls the objects through hub B with the same token', async () => {
  await createProject(hubA, token, 'alice/data');
  alice = await gitUser(hubA.url, 'alice', token);
  // The same user:token for hub B (git's store helper keys credentials by host and port).
  await appendFile(join(alice.home, '.git-credentials'), `http://alice:${encodeURIComponent(token)}@${new URL(hubB.url).host}\n`);

  await alice.git('.', 'clone', `${hubA.url}/alice/data.git`, 'work');
  await alice.git('work', 'lfs', 'track', '*.bin');
  for (const [name, size] of Object.entries(sizes)) await writeRandomFile(join(alice.home, 'work', name), size);
  await alice.git('work', 'add', '.');
  await alice.git('work', 'commit', '-q', '-m', 'data files');
  await alice.git('work', 'push', '-q', 'origin', 'main');
  assert.equal((await settledStats(hubA)).counters.uploads, 3);

  const r = await alice.run('.', ['clone', `${hubA.url}/alice/data.git`, 'viaB'], { GIT_LFS_SKIP_SMUDGE: '1' });
  assert.equal(r.code, 0, r.stderr);
  await alice.git('viaB', 'config', 'lfs.url', lfsUrlOf(hubB));
  await alice.git('viaB', 'lfs', 'pull');
  for (const name of Object.keys(sizes)) {
    const a = join(alice.home, 'work', name);
    const b = join(alice.home, 'viaB', name);
    assert.equal((await stat(b)).size, sizes[name], name);
    assert.equal(await sha256File(b), await sha256File(a), name);
  }
  const b = await settledStats(hubB);
  assert.equal(b.counters.downloads, 3, 'hub B served every object');
  assert.equal(b.counters.downloadedBytes, 10 + 3_000_000 + 24_000_000);
  assert.equal((await settledStats(hubA)).counters.downloads, 0);
  assert.deepEqual(b.storage, (await settledStats(hubA)).storage, 'both hubs count the same chunks');
  assert.match(await alice.git('viaB', 'lfs', 'fsck'), /Git LFS fsck OK/);
});

test('the other way: an upload through hub B is downloaded through hub A, and B pushes nothing A has', async () => {
  await writeRandomFile(join(alice.home, 'viaB', 'new.bin'), 5_000_000);
  // A copy of big.bin is content hub B knows through A's upload: it is not sent again.
  await copyFile(join(alice.home, 'viaB', 'big.bin'), join(alice.home, 'viaB', 'big-copy.bin'));
  await alice.git('viaB', 'add', 'new.bin', 'big-copy.bin');
  await alice.git('viaB', 'commit', '-q', '-m', 'a file uploaded through B');
  const uploadsBefore = (await settledStats(hubB)).counters.uploads;
  await alice.git('viaB', 'push', '-q', 'origin', 'main');
  assert.equal((await settledStats(hubB)).counters.uploads, uploadsBefore + 1);

  // The work copy's LFS URL is hub A's (from .lfsconfig).
  await alice.git('work', 'pull', '-q', '--ff-only');
  assert.equal(await sha256File(join(alice.home, 'work', 'new.bin')), await sha256File(join(alice.home, 'viaB', 'new.bin')));
  assert.equal((await settledStats(hubA)).counters.downloads, 1);
});

test('xetcache-chunks: chunks sent to hub A register through hub B at once (a load balancer splitting requests), and come back through A', async () => {
  const blake3 = await createBestBlake3();
  const sha256 = await createWasmSha256();
  const http = (route: (url: string) => string): HttpClient => {
    const client = createHttpClient({
      fetch: globalThis.fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: Date.now,
      random: Math.random,
      retry: { maxAttempts: 1 },
      credentials: { provider: async () => ({ user: 'alice', token }), origins: [hubA.url, hubB.url] },
    });
    return (req) => client({ ...req, url: route(req.url) });
  };
  const deps = async (store: Awaited<ReturnType<typeof openNodeStore>>, endpoint: string, client: HttpClient) => ({
    http: client,
    lfs: createLfsClient({ http: client, endpoint, now: Date.now, sleep: async () => {}, sha256 }),
    endpoint,
    store,
    blake3,
  });

  const mine = await openNodeStore(join(temp, 'mine'), { parallel: false });
  const value = new Uint8Array(randomBytes(6_000_000));
  const { oid, size } = await mine.put(value);
  const packsToA = http((url) => (url.includes('/chunks/packs') ? url.replace(hubB.url, hubA.url) : url));
  const receivedBefore = (await settledStats(hubA)).counters.chunksReceived;
  const report = await pushValues(await deps(mine, lfsUrlOf(hubB), packsToA), [{ oid, size }]);
  assert.equal(report.transfer, 'xetcache-chunks');
  assert.equal(report.transferred, size);
  assert.ok((await settledStats(hubA)).counters.chunksReceived > receivedBefore, 'the chunks went to hub A');

  const theirs = await openNodeStore(join(temp, 'theirs'), { parallel: false });
  const fetched = await fetchValue(await deps(theirs, lfsUrlOf(hubA), http((url) => url)), { oid, size });
  assert.equal(fetched.transfer, 'xetcache-chunks');
  assert.deepEqual(await theirs.getBytes(oid), value);
});

test('a lock taken through one hub holds on the other', async () => {
  const lock = (hub: HubProcess, path: string) =>
    fetch(`${lfsUrlOf(hub)}/locks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.git-lfs+json', accept: 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ path }),
    });
  const [first, second] = await Promise.all([lock(hubA, 'big.bin'), lock(hubB, 'big.bin')]);
  assert.deepEqual([first.status, second.status].sort(), [201, 409], 'racing on both hubs, one lock wins');
  const listed = await fetch(`${lfsUrlOf(hubB)}/locks?path=big.bin`, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.git-lfs+json' } });
  assert.equal(((await listed.json()) as { locks: unknown[] }).locks.length, 1);
  assert.match(await alice.git('viaB', 'lfs', 'locks'), /big\.bin/);
});

test('git repositories stay with the hub that created them: hub B says so', async () => {
  const r = await alice.run('.', ['clone', `${hubB.url}/alice/data.git`, 'fromB'], { GIT_LFS_SKIP_SMUDGE: '1' });
  assert.notEqual(r.code, 0);
  const res = await fetch(`${hubB.url}/alice/data.git/info/refs?service=git-upload-pack`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 404);
  assert.match(await res.text(), /no repository on this hub/);
});

test('a wrong key, a missing bucket, or no S3 at all: the hub stops at start with one line, no stack trace', async () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ ...s3.env('team'), AWS_ACCESS_KEY_ID: 'NOBODY' }, /credentials were refused \(InvalidAccessKeyId\)/],
    [{ ...s3.env('team'), XETCACHE_HUB_STORAGE: 's3://no-such-bucket/team' }, /the bucket does not exist/],
    [{ ...s3.env('team'), AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, /cannot reach http:\/\/127\.0\.0\.1:1/],
    [{ ...s3.env('team'), AWS_SECRET_ACCESS_KEY: '' }, /AWS_SECRET_ACCESS_KEY is not set/],
  ];
  for (const [env, message] of cases) {
    const root = await mkdtemp(join(tmpdir(), 'xetcache-e2e-s3-bad-'));
    try {
      const started = await startHubProcess({ env, root }).then(
        async (hub) => {
          await hub.stop();
          return 'listening';
        },
        (err: Error) => err.message,
      );
      assert.match(started, /exited \(1\) before listening/, JSON.stringify(env));
      const lines = started.split('\n').filter((l) => l.startsWith('xetcache-hub:'));
      assert.equal(lines.length, 1, started);
      assert.match(lines[0]!, message);
      assert.doesNotMatch(started, /^\s+at /m, 'no stack trace');
      assert.doesNotMatch(started, /S3RVER/, 'no credentials in the message');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
});

test('what the hubs wrote is all in the bucket, under the prefix, and no multipart upload is left open', async () => {
  assert.equal(await s3.pendingUploads(), 0);
  // The data directories hold repositories (hub A) and nothing of the content.
  for (const hub of [hubA, hubB]) await assert.rejects(stat(join(hub.data, 'storage')), /ENOENT/);
  assert.ok((await readFile(join(hubA.data, 'repos', 'alice', 'data.git', 'HEAD'), 'utf8')).startsWith('ref: refs/heads/main'));
});
