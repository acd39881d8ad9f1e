// A deletion on one machine against a put of the same key on another, through the hub with the
// CLI as users run it: alice `rm --yes` and pushes, bob `put`s and pushes (and the other way
// round). No push fails; the put wins (a changed entry beats a deletion); after a pull both
// machines have the same commit tree and read the same bytes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import { addUser, grant, startHubProcess, type HubProcess } from './support/hub-process.js';
import { xetcache, type CliResult } from './support/cli-process.js';
import { writeRandomFile } from './support/files.js';

const PROJECT = 'alice/merge';
let hub: HubProcess;
let root: string;
let alice: Record<string, string>;
let bob: Record<string, string>;

const envFor = (name: string, token: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: join(root, `${name}-home`),
  XETCACHE_HOME: join(root, name),
  XET_ENDPOINT: hub.url,
  XET_USER_NAME: name,
  XET_USER_TOKEN: token,
});

before(async () => {
  hub = await startHubProcess();
  root = await mkdtemp(join(tmpdir(), 'xetcache-e2e-merge-'));
  alice = envFor('alice', await addUser(hub, 'alice'));
  bob = envFor('bob', await addUser(hub, 'bob'));
  await ok(['project', 'create', PROJECT], alice);
  bob.XET_USER_TOKEN = await grant(hub, alice.XET_USER_TOKEN!, 'bob', PROJECT, 'write');
});

after(async () => {
  await hub?.stop();
  if (hub) await rm(hub.root, { recursive: true, force: true });
  if (root) await rm(root, { recursive: true, force: true });
});

async function ok(args: string[], env: Record<string, string>): Promise<CliResult> {
  const r = await xetcache(args, { env, cwd: root });
  assert.equal(r.code, 0, `xetcache ${args.join(' ')}: ${r.stderr}`);
  return r;
}

const dirOf = (env: Record<string, string>) => join(env.XETCACHE_HOME!, 'projects', ...PROJECT.split('/'));

async function tree(env: Record<string, string>): Promise<string> {
  const dir = dirOf(env);
  return (await git.readCommit({ fs, dir, oid: await git.resolveRef({ fs, dir, ref: 'main' }) })).commit.tree;
}

async function show(env: Record<string, string>, key: string): Promise<{ oid: string }> {
  return JSON.parse((await ok(['show', key, '--project', PROJECT, '--json'], env)).stdout);
}

async function bytesOf(env: Record<string, string>, key: string): Promise<Buffer> {
  const out = join(root, `${env.XETCACHE_HOME!.split('/').pop()}-${key}.out`);
  await ok(['get', key, '-o', out, '--project', PROJECT], env);
  return readFile(out);
}

async function file(name: string, size: number): Promise<string> {
  const path = join(root, name);
  await writeRandomFile(path, size);
  return path;
}

test('alice removes a key and pushes, bob puts it again and pushes: bob’s value on both', async () => {
  await ok(['put', 'weights', await file('v1.bin', 200_000), '--project', PROJECT], alice);
  await ok(['push', '--project', PROJECT], alice);
  await ok(['clone', PROJECT], bob);

  await ok(['rm', 'weights', '--yes', '--project', PROJECT], alice);
  await ok(['push', '--project', PROJECT], alice);
  const v2 = await file('v2.bin', 300_000);
  await ok(['put', 'weights', v2, '--project', PROJECT], bob);
  const pushed = JSON.parse((await ok(['push', '--project', PROJECT, '--json'], bob)).stdout);
  assert.equal(pushed.push.pulled, 0, 'the merge left bob’s tree as it was: his put beat the deletion');
  await ok(['pull', '--project', PROJECT], alice);

  assert.equal(await tree(alice), await tree(bob), 'the same tree on both machines');
  assert.equal((await show(alice, 'weights')).oid, (await show(bob, 'weights')).oid);
  assert.ok((await bytesOf(alice, 'weights')).equals(await readFile(v2)), 'alice reads bob’s bytes');
});

test('bob puts a key and pushes, alice removes it and pushes: the put comes back to alice', async () => {
  const v3 = await file('v3.bin', 100_000);
  await ok(['put', 'weights', v3, '--project', PROJECT], bob);
  await ok(['push', '--project', PROJECT], bob);
  await ok(['rm', 'weights', '--yes', '--project', PROJECT], alice);
  const pushed = JSON.parse((await ok(['push', '--project', PROJECT, '--json'], alice)).stdout);
  assert.equal(pushed.push.pulled, 2, 'bob’s entry (meta.json and pointer) came back into alice’s tree');
  await ok(['pull', '--project', PROJECT], bob);

  assert.equal(await tree(alice), await tree(bob));
  const keys = JSON.parse((await ok(['ls', '--project', PROJECT, '--json'], alice)).stdout) as Array<{ key: string }>;
  assert.deepEqual(keys.map((k) => k.key), ['weights']);
  assert.ok((await bytesOf(alice, 'weights')).equals(await readFile(v3)));
  assert.ok((await bytesOf(bob, 'weights')).equals(await readFile(v3)));
  const status = await git.statusMatrix({ fs, dir: dirOf(alice) });
  assert.ok(status.every(([, head, work, stage]) => head === 1 && work === 1 && stage === 1), 'alice has a clean tree');
});
