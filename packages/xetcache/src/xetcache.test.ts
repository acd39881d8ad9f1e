// The Node package end to end: the API in-process on a temp XETCACHE_HOME, and real processes
// sharing one project, exiting, and being killed mid-put.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoApi } from '@xetcache/core';
import { Runtime } from './runtime.js';
import { CacheStore } from './cache-store.js';
import { projectBackend } from './cached-store.js';
import { cachedStore } from '@xetcache/core';
import type { Env } from './env.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'testing', 'child.ts');
const tsx = import.meta.resolve('tsx');
const home = await mkdtemp(join(tmpdir(), 'xetcache-node-'));
after(() => rm(home, { recursive: true, force: true }));

function envFor(name: string): Env {
  return {
    vars: { XETCACHE_HOME: join(home, name), XETCACHE_PROJECT: 'team/shared' },
    homedir: home,
    cwd: home,
    user: 'tester',
    host: 'box',
    pid: process.pid,
  };
}

const childEnv = (name: string) => ({ PATH: process.env.PATH, HOME: home, XETCACHE_HOME: join(home, name), XETCACHE_PROJECT: 'team/shared' });
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });

function runChild(name: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--conditions=source', '--import', tsx, child, ...args], { env: childEnv(name), cwd: home }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

test('memo and CacheStore in-process: values land in the named project and are committed on flush', async () => {
  const runtime = new Runtime(envFor('inproc'), { commitDelayMs: Infinity });
  runtime.configure({ thresholdMs: 0 });
  const { memo } = createMemoApi(runtime);
  let calls = 0;
  const f = memo((m: Map<string, number>) => (calls++, [...m.values()].reduce((a, b) => a + b, 0)));
  assert.equal(await f(new Map([['a', 1], ['b', 2]])), 3);
  assert.equal(await f(new Map([['b', 2], ['a', 1]])), 3, 'Map order does not change the key');
  assert.equal(calls, 1);
  const store = new CacheStore('team/shared', runtime);
  await store.put('when', new Date('2020-01-01'));
  assert.deepEqual(await store.get('when'), new Date('2020-01-01'));
  assert.equal((await store.getArtifact('when'))?.serializer, 'v8');
  await runtime.flush();
  const dir = join(home, 'inproc', 'projects', 'team', 'shared');
  assert.equal(git(dir, 'status', '--porcelain'), '');
  assert.match(git(dir, 'log', '-1', '--format=%an <%ae>%n%B'), /^tester <tester@box>\nxetcache: put 2\n/);
  await runtime.close();
});

test('a directory works as a project, and cachedStore keeps its copies in a project', async () => {
  const runtime = new Runtime(envFor('dirs'), { commitDelayMs: Infinity });
  const store = new CacheStore(join(home, 'my-dir-project'), runtime);
  await store.put('k', 'v');
  assert.equal(await store.get('k'), 'v');
  assert.equal(store.dir, join(home, 'my-dir-project'));
  let reads = 0;
  const slow = { get: async (key: string) => (reads++, new TextEncoder().encode(`value of ${key}`)) };
  const fast = cachedStore(slow, { cache: projectBackend(join(home, 'my-dir-project'), runtime) });
  assert.equal(new TextDecoder().decode(await fast.get('.zarray')), 'value of .zarray');
  assert.equal(new TextDecoder().decode(await fast.get('.zarray')), 'value of .zarray');
  assert.equal(reads, 1);
  await runtime.close();
});

test('a process that exits without flushing still commits its entries', async () => {
  assert.equal(await runChild('exit', ['memo-exit']), '42');
  const dir = join(home, 'exit', 'projects', 'team', 'shared');
  assert.equal(git(dir, 'status', '--porcelain'), '');
  assert.match(git(dir, 'log', '-1', '--format=%s'), /^xetcache: put 1\n$/);
});

test('two processes memoising at once share one project, see one value and corrupt nothing', async () => {
  const [a, b] = await Promise.all([runChild('race', ['memo-race', 'alpha', '15']), runChild('race', ['memo-race', 'beta', '15'])]);
  assert.deepEqual(JSON.parse(a), JSON.parse(b), 'both processes return the value stored first');
  const dir = join(home, 'race', 'projects', 'team', 'shared');
  assert.equal(git(dir, 'status', '--porcelain'), '');
  assert.equal(git(dir, 'fsck', '--no-progress'), '');
  const runtime = new Runtime(envFor('race'), { commitDelayMs: Infinity });
  const store = new CacheStore(undefined, runtime);
  assert.equal((await store.keys()).length, 31);
  const report = await store.verify();
  assert.equal(report.ok, true, JSON.stringify(report.problems));
  await runtime.close();
});

test('a process killed mid-put leaves a project that verifies and keeps working', async () => {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', tsx, child, 'put-forever'], { env: childEnv('killed'), cwd: home });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').length > 3) resolve();
    });
    proc.on('exit', () => reject(new Error('the child exited early')));
  });
  proc.kill('SIGKILL');
  await new Promise((r) => proc.once('close', r));
  const runtime = new Runtime(envFor('killed'), { commitDelayMs: Infinity });
  const store = new CacheStore(undefined, runtime);
  const report = await store.verify();
  assert.equal(report.ok, true, JSON.stringify([report.problems, report.store.problems]));
  const keys = await store.keys();
  assert.ok(keys.length >= 3);
  for (const key of keys) assert.equal(((await store.get(key)) as Uint8Array).length, 4 << 20);
  await store.put('after', 'still works');
  assert.equal(await store.get('after'), 'still works');
  await store.flush();
  const dir = join(home, 'killed', 'projects', 'team', 'shared');
  assert.equal(git(dir, 'status', '--porcelain'), '', 'entries the killed process left pending are committed by the next flush');
  assert.equal(git(dir, 'fsck', '--no-progress'), '');
  await runtime.close();
});
