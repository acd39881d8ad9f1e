// The xetcache runtime against the hub as a real process: alice memoizes and pushes; bob, with
// his own XETCACHE_HOME, names the same project, which is cloned lazily, and his memo call gets
// alice's value without computing, downloading about that value's bytes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createMemoApi } from '@xetcache/core';
import type { Runtime } from 'xetcache';
import { userRuntime } from './support/clients.js';
import { pushAll, pullAll } from 'xetcache';
import { addUser, createProject, startHubProcess, type HubProcess } from './support/hub-process.js';

let hub: HubProcess;
let token: string;
let temp: string;
const SIZE = 8 * 1024 * 1024;

before(async () => {
  hub = await startHubProcess();
  token = await addUser(hub, 'alice');
  await createProject(hub, token, 'alice/lab');
  temp = await mkdtemp(join(tmpdir(), 'xetcache-e2e-runtime-'));
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  await rm(temp, { recursive: true, force: true });
});

function runtimeFor(name: string, secret = token): Runtime {
  const runtime = userRuntime(temp, name, { url: hub.url, user: 'alice', token: secret });
  runtime.configure({ thresholdMs: 0 });
  return runtime;
}

const weights = randomBytes(SIZE);
let computed = 0;
// The same function in both runtimes, so the same memo key.
const train = (seed: number) => (computed++, new Uint8Array(weights.buffer, weights.byteOffset, weights.length).slice(0, SIZE - seed));

test('alice memoizes in a hub project and pushes; bob gets the value from a lazy clone without computing', async () => {
  const alice = runtimeFor('alice');
  alice.setProject('alice/lab');
  const f = createMemoApi(alice).memo(train);
  assert.equal((await f(0)).length, SIZE);
  assert.equal(computed, 1);
  const store = await alice.store();
  const remote = (await alice.remote())!;
  assert.ok(remote, 'the project was cloned from the hub, so it has a remote');
  const pushed = await pushAll(store, alice.project().dir, remote, alice.author());
  assert.equal(pushed.values, 1);
  assert.ok(pushed.transferred >= SIZE && pushed.transferred < SIZE * 1.01);
  await alice.close();

  const bob = runtimeFor('bob');
  bob.setProject('alice/lab');
  const g = createMemoApi(bob).memo(train);
  const value = await g(0);
  assert.equal(computed, 1, 'bob did not compute');
  assert.deepEqual(Buffer.from(value as Uint8Array), weights);
  const fetched = bob.fetchedValues();
  assert.equal(fetched.values, 1);
  assert.ok(fetched.transferred >= SIZE * 0.99 && fetched.transferred <= SIZE, `bob downloaded ${fetched.transferred} bytes for a ${SIZE}-byte value`);
  const lazy = await readFile(join(bob.project().dir, '.git', 'config'), 'utf8');
  assert.match(lazy, /lazy = true/);
  await bob.close();
});

test('pull brings bob new entries; a wrong token fails loudly instead of missing', async () => {
  const alice = runtimeFor('alice');
  alice.setProject('alice/lab');
  const f = createMemoApi(alice).memo(train);
  await f(1);
  await pushAll(await alice.store(), alice.project().dir, (await alice.remote())!, alice.author());
  await alice.close();

  const bob = runtimeFor('bob');
  bob.setProject('alice/lab');
  const report = await pullAll(await bob.store(), bob.project().dir, (await bob.remote())!, bob.author());
  assert.ok(report.changed >= 2);
  assert.equal(report.values, 0, 'a lazy project downloads nothing on pull');
  await bob.close();

  const mallory = runtimeFor('mallory', 'xct_wrong-token');
  mallory.setProject('alice/lab');
  await assert.rejects(mallory.store(), (err: Error & { code?: string }) => {
    assert.ok(err.code === 'EFORBIDDEN' || err.code === 'EUNAUTHORIZED', `${err.code}: ${err.message}`);
    return true;
  });
  await mallory.close();
});
