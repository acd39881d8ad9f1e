// exclusive(fn): what is pending is committed before fn runs, and a flush waits for fn, so a
// merge from a hub never interleaves with a commit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as git from 'isomorphic-git';
import { createMemoryProjectFs } from '../project/fs/memory.js';
import { gitFs } from '../project/fs/port.js';
import { openTestCache } from '../testing/cache-fixture.js';

test('exclusive commits pending entries first and holds the project lock while fn runs', async () => {
  const fs = createMemoryProjectFs();
  const { cache, project } = await openTestCache({ fs, root: '/p', project: { lockTimeoutMs: 60_000 } });
  await cache.put('a', 'one');
  const order: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const inside = cache.exclusive(async () => {
    order.push(`pending ${await project.pendingCount()}`);
    const log = await git.log({ fs: gitFs(fs), dir: '/p' });
    order.push(log[0]!.commit.message.split('\n')[0]!);
    started();
    await held;
    order.push('fn done');
    return 42;
  });
  // Another writer's commit waits for the lock.
  await running;
  await cache.put('b', 'two');
  const flushed = cache.flush().then(() => order.push('flushed'));
  await new Promise((resolve) => setImmediate(resolve));
  release();
  assert.equal(await inside, 42);
  await flushed;
  assert.deepEqual(order.slice(0, 1), ['pending 0']);
  assert.match(order[1]!, /put 1/);
  assert.deepEqual(order.slice(2), ['fn done', 'flushed']);
});
