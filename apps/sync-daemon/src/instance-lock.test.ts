import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { acquireInstanceLock, DaemonRunningError } from './instance-lock.js';
import { isRunning, selfIdentity } from './process-identity.js';

const tempLock = async () => join(await mkdtemp(join(tmpdir(), 'xetcache-lock-')), 'lock');

test('a second daemon is refused while the first holds the lock, and may start once it is released', async () => {
  const path = await tempLock();
  const live = new Set([101, 202]);
  const running = (w: { pid: number }) => live.has(w.pid);
  const first = await acquireInstanceLock(path, { self: { pid: 101, start: null }, isRunning: running });
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  await assert.rejects(acquireInstanceLock(path, { self: { pid: 202, start: null }, isRunning: running }), (err: unknown) => err instanceof DaemonRunningError && err.pid === 101);
  await first.release();
  const second = await acquireInstanceLock(path, { self: { pid: 202, start: null }, isRunning: running });
  assert.equal(JSON.parse(await readFile(path, 'utf8')).pid, 202);
  await second.release();
});

test('the same process cannot hold the lock twice', async () => {
  const path = await tempLock();
  const me = selfIdentity();
  const lock = await acquireInstanceLock(path, { self: me });
  await assert.rejects(acquireInstanceLock(path, { self: me }), DaemonRunningError);
  await lock.release();
});

test('a lock left by a process that is gone is taken over; of two daemons racing for it, one wins', async () => {
  const path = await tempLock();
  await writeFile(path, JSON.stringify({ pid: 999_999, start: '1', at: new Date().toISOString() }));
  const live = new Set([101, 202]);
  const running = (w: { pid: number }) => live.has(w.pid);
  const results = await Promise.allSettled([
    acquireInstanceLock(path, { self: { pid: 101, start: null }, isRunning: running }),
    acquireInstanceLock(path, { self: { pid: 202, start: null }, isRunning: running }),
  ]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected');
  assert.equal(won.length, 1);
  assert.equal(lost.length, 1);
  assert.ok((lost[0] as PromiseRejectedResult).reason instanceof DaemonRunningError);
  const holder = JSON.parse(await readFile(path, 'utf8')).pid;
  assert.ok(holder === 101 || holder === 202);
});

test('a pid reused by another process does not keep a stale lock alive', () => {
  const me = selfIdentity();
  assert.equal(isRunning(me), true);
  if (me.start !== null) assert.equal(isRunning({ pid: me.pid, start: `${me.start}0` }), false, 'same pid, other start time: a different process');
  assert.equal(isRunning({ pid: 2 ** 22 + 12345, start: null }), false);
});
