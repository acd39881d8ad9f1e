// Push, pull and lazy clone against the hub as a real process, through @xetcache/remote: the
// git history moves without values, values move as the chunks the other side lacks, and a bad
// token is an error rather than a miss. Alice and Bob each have their own chunk store and
// working copy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as git from 'isomorphic-git';
import type { ChunkStore } from '@xetcache/core';
import { openNodeStore } from '@xetcache/core/node';
import {
  RemoteError,
  cloneProject,
  fetchValue,
  pullProject,
  pushProject,
  pushValues,
  setRemote,
} from '@xetcache/remote';
import { userHttp, valueDeps as projectValueDeps } from './support/clients.js';
import { addUser, createProject, settledStats, startHubProcess, type HubProcess } from './support/hub-process.js';

let hub: HubProcess;
let token: string;
let temp: string;
const AUTHOR = { name: 'Alice', email: 'alice@example.com' };
const SIZE = 100 * 1024 * 1024; // a model-sized value: its 1% edit must move a few percent

before(async () => {
  hub = await startHubProcess();
  token = await addUser(hub, 'alice');
  await createProject(hub, token, 'alice/models');
  temp = await mkdtemp(join(tmpdir(), 'xetcache-e2e-sync-'));
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  await rm(temp, { recursive: true, force: true });
});

const who = (secret = token) => ({ url: hub.url, user: 'alice', token: secret });
const http = (secret = token) => userHttp(who(secret), { maxAttempts: 1 });
const repoUrl = () => `${hub.url}/alice/models.git`;
const valueDeps = (store: ChunkStore, secret = token) => projectValueDeps(who(secret), 'alice/models', store, { maxAttempts: 1 });

const ENTRY = `entries/ab/${'c'.repeat(62)}`;

async function writeEntry(dir: string, oid: string, size: number, createdAt: string) {
  await mkdir(join(dir, ENTRY), { recursive: true });
  await writeFile(join(dir, ENTRY, 'value'), `version https://git-lfs.github.com/spec/v1\noid ${oid}\nsize ${size}\n`);
  await writeFile(join(dir, ENTRY, 'meta.json'), `${JSON.stringify({ createdAt, key: 'model', oid, size }, null, 2)}\n`);
  for (const filepath of [`${ENTRY}/value`, `${ENTRY}/meta.json`]) await git.add({ fs, dir, filepath });
  await git.commit({ fs, dir, message: 'put model\n', author: AUTHOR });
}

function pointerOid(text: string): { oid: string; size: number } {
  return { oid: /oid (\S+)/.exec(text)![1]!, size: Number(/size (\d+)/.exec(text)![1]) };
}

/** Chunk bytes the hub has served (its `chunksSentBytes` counter). */
async function chunkBytesSent(): Promise<number> {
  const sent = (await settledStats(hub)).counters.chunksSentBytes;
  assert.equal(typeof sent, 'number', 'the hub counts chunk bytes sent');
  return sent;
}

let aliceStore: ChunkStore;
let bobStore: ChunkStore;
let alice: string;
let bob: string;
let original: Uint8Array;

test('alice pushes a value as chunks and the entry as a commit', async () => {
  alice = join(temp, 'alice');
  aliceStore = await openNodeStore(join(temp, 'alice-store'), { parallel: false });
  await git.init({ fs, dir: alice, defaultBranch: 'main' });
  await writeFile(join(alice, '.gitattributes'), 'entries/**/value filter=lfs diff=lfs merge=lfs -text\n');
  await git.add({ fs, dir: alice, filepath: '.gitattributes' });
  await git.commit({ fs, dir: alice, message: 'new cache project\n', author: AUTHOR });
  original = new Uint8Array(randomBytes(SIZE));
  const { oid, size } = await aliceStore.put(original);
  await writeEntry(alice, oid, size, '2026-01-01T00:00:00.000Z');
  await setRemote({ fs }, alice, repoUrl());

  const report = await pushValues(await valueDeps(aliceStore), [{ oid, size }]);
  assert.equal(report.transfer, 'xetcache-chunks');
  assert.equal(report.transferred, SIZE);
  await pushProject({ fs, http: http() }, alice, AUTHOR);
  const stats = await settledStats(hub);
  assert.ok(stats.storage.bytes >= SIZE && stats.storage.bytes < SIZE * 1.01, `hub stores ${stats.storage.bytes}`);

  const again = await pushValues(await valueDeps(aliceStore), [{ oid, size }]);
  assert.deepEqual({ skipped: again.skipped, transferred: again.transferred }, { skipped: 1, transferred: 0 });
});

test('bob clones lazily (pointers only), then fetches the value on use: about its bytes travel', async () => {
  bob = join(temp, 'bob');
  bobStore = await openNodeStore(join(temp, 'bob-store'), { parallel: false });
  const before = (await settledStats(hub)).counters.downloadedBytes;
  await cloneProject({ fs, http: http() }, bob, repoUrl());
  assert.equal((await settledStats(hub)).counters.downloadedBytes, before, 'the clone moved no value bytes');
  const pointer = pointerOid(await readFile(join(bob, ENTRY, 'value'), 'utf8'));
  assert.equal(await bobStore.has(pointer.oid), false);

  const sentBefore = await chunkBytesSent();
  const fetched = await fetchValue(await valueDeps(bobStore), pointer);
  assert.equal(fetched.transfer, 'xetcache-chunks');
  assert.equal(fetched.transferred, SIZE);
  assert.equal((await chunkBytesSent()) - sentBefore, SIZE, 'the hub sent the value once, as chunks');
  assert.deepEqual(await bobStore.getBytes(pointer.oid), original);
});

test('alice edits 1% of the value: only the changed chunks go up, and only they come down to bob', async () => {
  const edited = original.slice();
  edited.set(randomBytes(SIZE / 100), SIZE / 2);
  const { oid, size } = await aliceStore.put(edited);
  const storedBefore = (await settledStats(hub)).storage.bytes;
  await writeEntry(alice, oid, size, '2026-01-02T00:00:00.000Z');
  const report = await pushValues(await valueDeps(aliceStore), [{ oid, size }]);
  await pushProject({ fs, http: http() }, alice, AUTHOR);
  assert.ok(report.transferred < SIZE * 0.05, `sent ${report.transferred} bytes of ${SIZE}`);
  const grown = (await settledStats(hub)).storage.bytes - storedBefore;
  assert.ok(grown > 0 && grown < SIZE * 0.05, `the hub grew by ${grown} bytes`);

  const pulled = await pullProject({ fs, http: http() }, bob, AUTHOR);
  assert.deepEqual(pulled.changed.sort(), [`${ENTRY}/meta.json`, `${ENTRY}/value`]);
  const pointer = pointerOid(await readFile(join(bob, ENTRY, 'value'), 'utf8'));
  assert.equal(pointer.oid, oid);
  const sentBefore = await chunkBytesSent();
  const fetched = await fetchValue(await valueDeps(bobStore), pointer);
  assert.ok(fetched.transferred < SIZE * 0.05, `bob received ${fetched.transferred} bytes of ${SIZE}`);
  assert.equal((await chunkBytesSent()) - sentBefore, fetched.transferred, 'the hub sent what bob counted');
  assert.deepEqual(await bobStore.getBytes(oid), edited);
});

test('a wrong token is a clear credentials error for git and for values, never a silent miss', async () => {
  const isAuthError = (err: unknown) => {
    assert.ok(err instanceof RemoteError, String(err));
    assert.ok(err.code === 'EFORBIDDEN' || err.code === 'EUNAUTHORIZED', err.code);
    assert.match(err.message, /credentials|token/);
    assert.doesNotMatch(err.message, /xct_wrong/);
    return true;
  };
  await assert.rejects(cloneProject({ fs, http: http('xct_wrong') }, join(temp, 'mallory'), repoUrl()), isAuthError);
  const pointer = pointerOid(await readFile(join(bob, ENTRY, 'value'), 'utf8'));
  const eve = await openNodeStore(join(temp, 'eve-store'), { parallel: false });
  await assert.rejects(fetchValue(await valueDeps(eve, 'xct_wrong'), pointer), isAuthError);
});
