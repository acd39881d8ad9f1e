import assert from 'node:assert/strict';
import test from 'node:test';
import { createProjectSync, type ProjectSyncDeps } from './project-sync.js';

function harness(overrides: Partial<ProjectSyncDeps> = {}) {
  const calls: string[] = [];
  const events: string[] = [];
  const clock = { t: 1_000_000 };
  let localWork = false;
  let failWith: Error | undefined;
  const sync = createProjectSync({
    name: 'alice/shared',
    intervalMs: 10_000,
    backoffMs: 1000,
    maxBackoffMs: 8000,
    now: () => clock.t,
    random: () => 1,
    hasLocalWork: async () => localWork,
    pull: async () => {
      calls.push('pull');
      if (failWith) throw failWith;
      return { changed: 0, transferred: 0 };
    },
    push: async () => {
      calls.push('push');
      if (failWith) throw failWith;
      localWork = false;
      return { values: 1, transferred: 10 };
    },
    log: (_level, event) => events.push(event),
    ...overrides,
  });
  return {
    sync,
    calls,
    events,
    clock,
    setLocalWork: (v: boolean) => (localWork = v),
    fail: (e: Error | undefined) => (failWith = e),
  };
}

test('a new schedule pulls at once, then pulls only when the interval has passed', async () => {
  const h = harness();
  await h.sync.tick();
  assert.deepEqual(h.calls, ['pull']);
  h.clock.t += 5000;
  await h.sync.tick();
  assert.deepEqual(h.calls, ['pull'], 'no pull before the interval');
  h.clock.t += 5000;
  await h.sync.tick();
  assert.deepEqual(h.calls, ['pull', 'pull']);
  assert.equal(h.sync.state().lastPull, new Date(h.clock.t).toISOString());
  assert.equal(h.sync.state().lastPush, null);
});

test('local work is pushed at the next tick, not at the next interval', async () => {
  const h = harness();
  await h.sync.tick();
  h.setLocalWork(true);
  h.clock.t += 1000;
  await h.sync.tick();
  assert.deepEqual(h.calls, ['pull', 'push']);
  assert.equal(h.sync.state().lastPush, new Date(h.clock.t).toISOString());
  h.clock.t += 1000;
  await h.sync.tick();
  assert.deepEqual(h.calls, ['pull', 'push'], 'nothing left to push');
});

test('failures back off, doubling up to the ceiling, and a success clears the error', async () => {
  const h = harness();
  h.fail(new Error('connect ECONNREFUSED 127.0.0.1:4747'));
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const before = h.calls.length;
    await h.sync.tick();
    assert.equal(h.calls.length, before + 1, 'an attempt when due');
    const state = h.sync.state();
    assert.equal(state.failures, i + 1);
    assert.match(state.lastError!, /ECONNREFUSED/);
    const wait = Date.parse(state.retryAt!) - h.clock.t;
    waits.push(wait);
    h.clock.t += wait - 1;
    await h.sync.tick();
    assert.equal(h.calls.length, before + 1, 'no attempt during the backoff');
    h.clock.t += 1;
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 8000, 8000]);
  h.fail(undefined);
  await h.sync.tick();
  assert.equal(h.sync.state().failures, 0);
  assert.equal(h.sync.state().lastError, null);
  assert.ok(h.events.includes('recovered'));
});

test('request() pulls before the interval and cuts a backoff short', async () => {
  const h = harness();
  await h.sync.tick();
  h.sync.request();
  await h.sync.tick();
  assert.deepEqual(h.calls, ['pull', 'pull']);
  h.fail(new Error('503'));
  h.sync.request();
  await h.sync.tick();
  assert.equal(h.sync.state().failures, 1);
  h.fail(undefined);
  h.sync.request();
  await h.sync.tick();
  assert.equal(h.sync.state().failures, 0);
  assert.deepEqual(h.calls, ['pull', 'pull', 'pull', 'pull']);
});

test('a failed push is retried once the backoff has passed', async () => {
  let pushes = 0;
  const g = harness({
    push: async () => {
      pushes++;
      if (pushes === 1) throw new Error('the hub restarted');
      return { values: 1, transferred: 1 };
    },
  });
  g.setLocalWork(true);
  await g.sync.tick();
  assert.equal(g.sync.state().failures, 1);
  g.clock.t = Date.parse(g.sync.state().retryAt!);
  await g.sync.tick();
  assert.equal(pushes, 2);
  assert.equal(g.sync.state().failures, 0);
  assert.ok(g.sync.state().lastPush);
});
