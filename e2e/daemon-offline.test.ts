// A daemon while its hub is down: the entry written meanwhile waits (pending, with the error in
// `daemon status`), the daemon backs off instead of hammering, can be stopped and started again,
// and once the hub is back on its port the entry goes up and another machine reads it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, startHubProcess, type HubProcess } from './support/hub-process.js';
import { xetcache, type CliResult } from './support/cli-process.js';
import { writeRandomFile } from './support/files.js';
import { eventually } from './support/eventually.js';

const PROJECT = 'alice/offline';
const root = await mkdtemp(join(tmpdir(), 'xetcache-e2e-daemon-offline-'));
let hub: HubProcess | undefined;
let hubRoot: string | undefined;
let alice: Record<string, string> & { XETCACHE_HOME: string };

after(async () => {
  if (alice) await xetcache(['daemon', 'stop'], { env: alice, cwd: root });
  await hub?.stop();
  if (hubRoot) await rm(hubRoot, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

async function ok(args: string[], env: Record<string, string>): Promise<CliResult> {
  const r = await xetcache(args, { env, cwd: root });
  assert.equal(r.code, 0, `xetcache ${args.join(' ')}: ${r.stderr}`);
  return r;
}

async function project(env: Record<string, string>) {
  const status = JSON.parse((await ok(['daemon', 'status', '--json'], env)).stdout);
  return status.projects.find((p: { name: string }) => p.name === PROJECT) as
    | { lastPush: string | null; pendingEntries: number; pendingBytes: number; lastError: string | null }
    | undefined;
}


test('while the hub is down the daemon keeps the entry and backs off; when it is back, the entry goes up', { timeout: 240_000 }, async () => {
  hub = await startHubProcess();
  hubRoot = hub.root;
  const token = await addUser(hub, 'alice');
  const vars = { PATH: process.env.PATH ?? '', XET_ENDPOINT: hub.url, XET_USER_NAME: 'alice', XET_USER_TOKEN: token, XETCACHE_SYNC_INTERVAL: '1' };
  alice = { ...vars, HOME: join(root, 'alice-home'), XETCACHE_HOME: join(root, 'alice') };
  const bob = { ...vars, HOME: join(root, 'bob-home'), XETCACHE_HOME: join(root, 'bob') };
  await mkdir(alice.HOME!, { recursive: true });
  await mkdir(bob.HOME, { recursive: true });
  await ok(['project', 'create', PROJECT], alice);
  await ok(['daemon', 'start'], alice);
  await eventually(async () => (await project(alice)) !== undefined); // the daemon tracks the project

  const { port, adminToken } = hub;
  await hub.stop();
  hub = undefined;

  const file = join(root, 'offline.bin');
  await writeRandomFile(file, 2 * 1024 * 1024);
  await ok(['put', 'offline', file, '--project', PROJECT], alice);
  const failing = await eventually(async () => {
    const p = await project(alice);
    return p?.lastError ? p : undefined;
  });
  assert.equal(failing.pendingEntries, 1, 'the entry waits');
  assert.equal(failing.pendingBytes, 2 * 1024 * 1024);

  const log = join(alice.XETCACHE_HOME, 'daemon', 'log.jsonl');
  const failures = (await readFile(log, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((e) => e.event === 'sync-failed');
  assert.ok(failures.length >= 1);
  assert.ok(failures.every((e, i) => e.failures === i + 1 && e.retryInMs >= Math.min(500 * 2 ** i, 30_000) * 0.99), 'each retry waits longer: the daemon backs off');
  for (const e of failures) assert.ok(!JSON.stringify(e).includes(token));

  // Stopped and started again while the hub is down: nothing is lost.
  await ok(['daemon', 'stop'], alice);
  await ok(['daemon', 'start'], alice);

  hub = await startHubProcess({ root: hubRoot, port, adminToken });
  const done = await eventually(async () => {
    const p = await project(alice);
    return p && p.pendingEntries === 0 && p.lastError === null ? p : undefined;
  });
  assert.ok(done.lastPush);

  await ok(['clone', '--lazy', PROJECT], bob);
  const out = join(root, 'bob.bin');
  await ok(['get', 'offline', '-o', out, '--project', PROJECT], bob);
  assert.ok((await readFile(out)).equals(await readFile(file)));
});
