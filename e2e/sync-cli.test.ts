// The CLI's clone, push, pull, sync and project use, as processes against the hub: alice puts
// and pushes, bob clones lazily and reads the value, a non-lazy pull downloads new values, and a
// wrong token fails with a clear message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, startHubProcess, type HubProcess } from './support/hub-process.js';
import { xetcache } from './support/cli-process.js';
import { writeRandomFile } from './support/files.js';

let hub: HubProcess;
let token: string;
let root: string;

before(async () => {
  hub = await startHubProcess();
  token = await addUser(hub, 'alice');
  root = await mkdtemp(join(tmpdir(), 'xetcache-e2e-cli-sync-'));
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

const envFor = (name: string, secret = token) => ({
  PATH: process.env.PATH ?? '',
  HOME: join(root, `${name}-home`),
  XETCACHE_HOME: join(root, name),
  XET_ENDPOINT: hub.url,
  XET_USER_NAME: 'alice',
  XET_USER_TOKEN: secret,
});

async function ok(args: string[], env: Record<string, string>) {
  const r = await xetcache(args, { env, cwd: root });
  assert.equal(r.code, 0, `xetcache ${args.join(' ')}: ${r.stderr}`);
  return r;
}

test('put and push; a lazy clone reads the value; pull brings new values to an eager clone; project use', async () => {
  const alice = envFor('alice');
  const bob = envFor('bob');
  const carol = envFor('carol');
  await ok(['project', 'create', 'alice/cli'], alice);
  const file = join(root, 'value.bin');
  await writeRandomFile(file, 3 * 1024 * 1024);
  await ok(['put', 'weights', file, '--project', 'alice/cli'], alice);
  const pushed = await ok(['push', '--project', 'alice/cli', '--json'], alice);
  assert.equal(JSON.parse(pushed.stdout).push.values, 1);

  const cloned = await ok(['clone', '--lazy', 'alice/cli', '--json'], bob);
  assert.equal(JSON.parse(cloned.stdout).transferred, 0, 'a lazy clone moves no value bytes');
  const out = join(root, 'bob-out.bin');
  await ok(['get', 'weights', '-o', out, '--project', 'alice/cli'], bob);
  assert.deepEqual(await readFile(out), await readFile(file));

  const eager = await ok(['clone', 'alice/cli', '--json'], carol);
  assert.equal(JSON.parse(eager.stdout).values, 1, 'an eager clone downloads the values');

  const second = join(root, 'second.bin');
  await writeRandomFile(second, 1024 * 1024);
  await ok(['put', 'second', second, '--project', 'alice/cli'], alice);
  await ok(['sync', '--project', 'alice/cli'], alice);
  const pulled = await ok(['pull', '--project', 'alice/cli', '--json'], carol);
  assert.equal(JSON.parse(pulled.stdout).pull.values, 1, 'pull downloaded the new value');

  await mkdir(carol.HOME, { recursive: true });
  await ok(['project', 'use', 'alice/cli'], carol);
  const ls = await ok(['ls', '--json'], carol);
  assert.match(ls.stdout, /second/);
});

test('a wrong token is a clear error naming the credentials, not a miss', async () => {
  const mallory = envFor('mallory', 'xct_wrong-token');
  const r = await xetcache(['clone', '--lazy', 'alice/cli'], { env: mallory, cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /credentials|token/);
  assert.ok(!r.stderr.includes('xct_wrong-token'));
});
