// Clone, pull and push against stock `git http-backend`: pointer-only clones, two users pushing
// at once, the same key written on two machines, and refused credentials.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import { RemoteError } from '../errors.js';
import { startGitServer } from '../testing/git-server.js';
import { cloneProject, pullProject, pushProject, setRemote } from './sync.js';

const CREDS = { user: 'alice', token: 'secret' };
const server = await startGitServer({ credentials: CREDS });
const temp = mkdtempSync(join(tmpdir(), 'xetcache-sync-'));
after(async () => {
  await server.close();
  rmSync(temp, { recursive: true, force: true });
});

const AUTHOR = { name: 'Test', email: 'test@example.com' };
let counter = 0;

function client(creds = CREDS): HttpClient {
  return createHttpClient({
    fetch: globalThis.fetch,
    sleep: async () => {},
    now: Date.now,
    random: Math.random,
    retry: { maxAttempts: 1 },
    credentials: { provider: async () => creds, origins: [server.url] },
  });
}

const deps = () => ({ fs, http: client() });

function entryDir(id: string) {
  return `entries/${id.slice(0, 2)}/${id.slice(2)}`;
}

function pointer(oid: string, size: number) {
  return `version https://git-lfs.github.com/spec/v1\noid ${oid}\nsize ${size}\n`;
}

function meta(key: string, createdAt: string, oid: string) {
  return `${JSON.stringify({ createdAt, format: 1, key, oid, size: 3 }, null, 2)}\n`;
}

/** Write (and commit) an entry the way a project does: pointer first, then meta.json. */
async function writeEntry(dir: string, id: string, key: string, createdAt: string, oid: string) {
  const base = join(dir, entryDir(id));
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, 'value'), pointer(oid, 3));
  writeFileSync(join(base, 'meta.json'), meta(key, createdAt, oid));
  await git.add({ fs, dir, filepath: `${entryDir(id)}/value` });
  await git.add({ fs, dir, filepath: `${entryDir(id)}/meta.json` });
  await git.commit({ fs, dir, message: `put ${key}\n`, author: AUTHOR });
}

const hex = (c: string) => c.repeat(64);
const oidOf = (c: string) => `sha256:${c.repeat(64)}`;

/** A fresh remote with one commit (.gitattributes), and alice's working copy of it. */
async function project(): Promise<{ url: string; alice: string }> {
  const name = `p${++counter}`;
  const url = server.createRepo(name);
  const alice = join(temp, `${name}-alice`);
  await git.init({ fs, dir: alice, defaultBranch: 'main' });
  writeFileSync(join(alice, '.gitattributes'), 'entries/**/value filter=lfs diff=lfs merge=lfs -text\n');
  await git.add({ fs, dir: alice, filepath: '.gitattributes' });
  await git.commit({ fs, dir: alice, message: 'new cache project\n', author: AUTHOR });
  await setRemote({ fs }, alice, url);
  await pushProject(deps(), alice, AUTHOR);
  return { url, alice };
}

test('a clone holds the history and pointer files, never value bytes', async () => {
  const { url, alice } = await project();
  await writeEntry(alice, hex('a'), 'k1', '2026-01-01T00:00:00.000Z', oidOf('1'));
  await pushProject(deps(), alice, AUTHOR);
  const bob = join(temp, 'clone-bob');
  await cloneProject(deps(), bob, url);
  const text = readFileSync(join(bob, entryDir(hex('a')), 'value'), 'utf8');
  assert.equal(text, pointer(oidOf('1'), 3));
  assert.match(readFileSync(join(bob, entryDir(hex('a')), 'meta.json'), 'utf8'), /"key": "k1"/);
});

test('two users pushing at once both keep their entries', async () => {
  const { url, alice } = await project();
  const bob = join(temp, `${counter}-bob`);
  await cloneProject(deps(), bob, url);
  await writeEntry(alice, hex('b'), 'alice-key', '2026-01-01T00:00:00.000Z', oidOf('1'));
  await writeEntry(bob, hex('c'), 'bob-key', '2026-01-01T00:00:00.000Z', oidOf('2'));
  await pushProject(deps(), alice, AUTHOR);
  const { pulled } = await pushProject(deps(), bob, AUTHOR);
  assert.deepEqual(pulled.sort(), [`${entryDir(hex('b'))}/meta.json`, `${entryDir(hex('b'))}/value`]);
  // Bob's working tree has alice's entry; after a pull, alice has bob's.
  assert.ok(existsSync(join(bob, entryDir(hex('b')), 'meta.json')));
  const result = await pullProject(deps(), alice, AUTHOR);
  assert.deepEqual(result.changed.sort(), [`${entryDir(hex('c'))}/meta.json`, `${entryDir(hex('c'))}/value`]);
  assert.ok(existsSync(join(alice, entryDir(hex('c')), 'value')));
});

test('the same key written on two machines ends as the later entry on both', async () => {
  const { url, alice } = await project();
  const bob = join(temp, `${counter}-bob`);
  await cloneProject(deps(), bob, url);
  const id = hex('d');
  await writeEntry(alice, id, 'same', '2026-01-02T00:00:00.000Z', oidOf('1'));
  await writeEntry(bob, id, 'same', '2026-01-01T00:00:00.000Z', oidOf('2'));
  await pushProject(deps(), alice, AUTHOR);
  await pushProject(deps(), bob, AUTHOR);
  await pullProject(deps(), alice, AUTHOR);
  for (const dir of [alice, bob]) {
    assert.equal(readFileSync(join(dir, entryDir(id), 'value'), 'utf8'), pointer(oidOf('1'), 3), dir);
    assert.equal(readFileSync(join(dir, entryDir(id), 'meta.json'), 'utf8'), meta('same', '2026-01-02T00:00:00.000Z', oidOf('1')));
  }
  const status = await git.statusMatrix({ fs, dir: bob });
  assert.ok(status.every(([, head, work, stage]) => head === 1 && work === 1 && stage === 1), 'bob has a clean tree');
});

test('equal times: the greater oid wins, whichever side merges', async () => {
  const { url, alice } = await project();
  const bob = join(temp, `${counter}-bob`);
  await cloneProject(deps(), bob, url);
  const id = hex('e');
  const at = '2026-01-01T00:00:00.000Z';
  await writeEntry(alice, id, 'tie', at, oidOf('1'));
  await writeEntry(bob, id, 'tie', at, oidOf('9'));
  await pushProject(deps(), alice, AUTHOR);
  await pushProject(deps(), bob, AUTHOR);
  await pullProject(deps(), alice, AUTHOR);
  for (const dir of [alice, bob]) assert.equal(readFileSync(join(dir, entryDir(id), 'value'), 'utf8'), pointer(oidOf('9'), 3));
});

/** Delete (and commit) an entry's files. */
async function deleteEntry(dir: string, id: string) {
  for (const file of ['value', 'meta.json']) {
    rmSync(join(dir, entryDir(id), file));
    await git.remove({ fs, dir, filepath: `${entryDir(id)}/${file}` });
  }
  await git.commit({ fs, dir, message: 'delete\n', author: AUTHOR });
}

async function treeOf(dir: string) {
  return (await git.readCommit({ fs, dir, oid: await git.resolveRef({ fs, dir, ref: 'main' }) })).commit.tree;
}

test('an entry deleted on one machine and changed on another: no push fails, both keep the change', async () => {
  const { url, alice } = await project();
  const id = hex('f');
  await writeEntry(alice, id, 'gc-me', '2026-01-01T00:00:00.000Z', oidOf('1'));
  await pushProject(deps(), alice, AUTHOR);
  const bob = join(temp, `${counter}-bob`);
  await cloneProject(deps(), bob, url);
  // Alice deletes (gc, rm) and pushes first; bob's put of the same key is older than her commit.
  await deleteEntry(alice, id);
  await pushProject(deps(), alice, AUTHOR);
  await writeEntry(bob, id, 'gc-me', '2025-12-31T00:00:00.000Z', oidOf('2'));
  const { pulled } = await pushProject(deps(), bob, AUTHOR);
  assert.deepEqual(pulled, [], 'bob merged alice\'s deletion away: his tree did not change');
  const result = await pullProject(deps(), alice, AUTHOR);
  assert.deepEqual(result.changed.sort(), [`${entryDir(id)}/meta.json`, `${entryDir(id)}/value`]);
  for (const dir of [alice, bob]) assert.equal(readFileSync(join(dir, entryDir(id), 'value'), 'utf8'), pointer(oidOf('2'), 3), dir);
  assert.equal(await treeOf(alice), await treeOf(bob));

  // The other way round: bob changes it again and pushes first; alice deletes it and pushes.
  await writeEntry(bob, id, 'gc-me', '2026-02-01T00:00:00.000Z', oidOf('3'));
  await pushProject(deps(), bob, AUTHOR);
  await deleteEntry(alice, id);
  const second = await pushProject(deps(), alice, AUTHOR);
  assert.deepEqual(second.pulled.sort(), [`${entryDir(id)}/meta.json`, `${entryDir(id)}/value`], 'the change came back to alice');
  await pullProject(deps(), bob, AUTHOR);
  for (const dir of [alice, bob]) assert.equal(readFileSync(join(dir, entryDir(id), 'value'), 'utf8'), pointer(oidOf('3'), 3), dir);
  assert.equal(await treeOf(alice), await treeOf(bob));
  const status = await git.statusMatrix({ fs, dir: alice });
  assert.ok(status.every(([, head, work, stage]) => head === 1 && work === 1 && stage === 1), 'alice has a clean tree');
});

test('with checkout: false a pull moves the branch and leaves the working tree and index alone', async () => {
  const { url, alice } = await project();
  const bob = join(temp, `${counter}-bob`);
  await cloneProject(deps(), bob, url);
  await writeEntry(alice, hex('9'), 'k', '2026-01-01T00:00:00.000Z', oidOf('1'));
  await pushProject(deps(), alice, AUTHOR);
  const result = await pullProject(deps(), bob, AUTHOR, { checkout: false });
  assert.notEqual(result.after, result.before);
  assert.equal(await git.resolveRef({ fs, dir: bob, ref: 'main' }), result.after);
  assert.ok(!existsSync(join(bob, entryDir(hex('9')))), 'no file written');
  const staged = await git.listFiles({ fs, dir: bob });
  assert.ok(!staged.some((f) => f.startsWith('entries/')), 'the index is untouched');
});

test('refused credentials are a clear auth error, and nothing is written', async () => {
  const { url } = await project();
  const dir = join(temp, 'refused');
  await assert.rejects(cloneProject({ fs, http: client({ user: 'alice', token: 'wrong' }) }, dir, url), (err: unknown) => {
    assert.ok(err instanceof RemoteError);
    assert.equal(err.code, 'EUNAUTHORIZED');
    assert.match(err.message, /credentials/);
    assert.doesNotMatch(err.message, /wrong/);
    return true;
  });
  assert.ok(!existsSync(join(dir, entryDir(hex('a')))));
});

test('a repository the server does not have is an error from git, not an empty clone', async () => {
  await assert.rejects(cloneProject(deps(), join(temp, 'missing'), `${server.url}/nope.git`), /404|not found/i);
});
