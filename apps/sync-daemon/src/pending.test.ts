import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import * as git from 'isomorphic-git';
import { Runtime } from 'xetcache';
import { hasLocalWork, pendingWork } from './pending.js';

test('local work: pending markers, then commits ahead of origin/main, with entry counts and value bytes', async () => {
  const root = await mkdtemp(join(tmpdir(), 'xetcache-pending-'));
  const dir = join(root, 'project');
  const runtime = new Runtime(
    { vars: { XETCACHE_HOME: join(root, 'home') }, homedir: root, cwd: root, user: 'tester', host: 'box', pid: process.pid },
    { commitDelayMs: Infinity },
  );
  try {
    const store = await runtime.store(dir);
    await store.put('a', new Uint8Array(1000).fill(1));
    assert.equal(await hasLocalWork(dir), true, 'a pending marker is work');
    assert.deepEqual(await pendingWork(dir), { entries: 1, bytes: 1000 });

    await store.flush();
    assert.equal(await hasLocalWork(dir), true, 'never pushed: everything is work');
    assert.deepEqual(await pendingWork(dir), { entries: 1, bytes: 1000 });

    // As after a push: origin/main is where main is.
    const head = await git.resolveRef({ fs, dir, ref: 'refs/heads/main' });
    await git.writeRef({ fs, dir, ref: 'refs/remotes/origin/main', value: head, force: true });
    assert.equal(await hasLocalWork(dir), false);
    assert.deepEqual(await pendingWork(dir), { entries: 0, bytes: 0 });

    await store.put('b', new Uint8Array(500).fill(2));
    await store.delete('a', { dryRun: false });
    await store.flush();
    assert.equal(await hasLocalWork(dir), true);
    assert.deepEqual(await pendingWork(dir), { entries: 2, bytes: 500 }, 'b added (500 bytes) and a removed');
  } finally {
    await runtime.close();
    await rm(root, { recursive: true, force: true });
  }
});
