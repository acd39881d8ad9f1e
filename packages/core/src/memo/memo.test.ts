import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryProjectFs } from '../project/fs/memory.js';
import { openTestCache } from '../testing/cache-fixture.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { MEMO_KEY } from '../hash/xetcache-keys.js';
import { createMemoApi } from './memo.js';
import { DEFAULT_SETTINGS, type MemoSettings } from './settings.js';
import type { XetcacheError } from '../errors.js';

const blake3 = await createWasmBlake3();

async function setup(settings: Partial<MemoSettings> = {}) {
  let t = 0;
  const fs = createMemoryProjectFs();
  const { cache } = await openTestCache({ fs, root: '/p' });
  const logs: string[] = [];
  const current = { ...DEFAULT_SETTINGS, thresholdMs: 0, ...settings };
  const api = createMemoApi({
    store: async () => cache,
    keyHash: () => blake3.keyed(MEMO_KEY),
    settings: () => current,
    now: () => t,
    log: (m) => logs.push(m),
  });
  return { api, cache, logs, current, advance: (ms: number) => (t += ms) };
}

test('memo computes once per distinct arguments and returns the cached value after', async () => {
  const { api } = await setup();
  let calls = 0;
  const square = api.memo((x: number) => {
    calls++;
    return x * x;
  });
  assert.equal(await square(3), 9);
  assert.equal(await square(3), 9);
  assert.equal(await square(4), 16);
  assert.equal(calls, 2);
});

test('async functions, and the memo(options)(fn) form', async () => {
  const { api } = await setup();
  let calls = 0;
  const load = api.memo({ version: 1 })(async (name: string) => {
    calls++;
    return { name, rows: [1, 2, 3] };
  });
  assert.deepEqual(await load('a'), { name: 'a', rows: [1, 2, 3] });
  assert.deepEqual(await load('a'), { name: 'a', rows: [1, 2, 3] });
  assert.equal(calls, 1);
});

test('results faster than thresholdMs are not stored unless always', async () => {
  const { api, advance } = await setup({ thresholdMs: 3000 });
  let calls = 0;
  const quick = api.memo((x: number) => (calls++, x));
  await quick(1);
  await quick(1);
  assert.equal(calls, 2, 'a fast result is recomputed');
  const slow = api.memo((x: number) => (calls++, advance(3500), x));
  await slow(1);
  await slow(1);
  assert.equal(calls, 3, 'a slow result is stored');
  const always = api.memo((x: number) => (calls++, x), { always: true });
  await always(1);
  await always(1);
  assert.equal(calls, 4);
});

test('errors are never cached', async () => {
  const { api } = await setup();
  let calls = 0;
  const flaky = api.memo(async (x: number) => {
    calls++;
    if (calls === 1) throw new Error('boom');
    return x;
  });
  await assert.rejects(flaky(1), /boom/);
  assert.equal(await flaky(1), 1);
  assert.equal(await flaky(1), 1);
  assert.equal(calls, 2);
});

test('concurrent identical calls compute once', async () => {
  const { api } = await setup();
  let calls = 0;
  const slow = api.memo(async (x: number) => {
    calls++;
    await new Promise((r) => setTimeout(r, 20));
    return x * 2;
  });
  const results = await Promise.all([slow(5), slow(5), slow(5), slow(6)]);
  assert.deepEqual(results, [10, 10, 10, 12]);
  assert.equal(calls, 2);
});

test('mode refresh recomputes and replaces; mode off bypasses the cache', async () => {
  const { api } = await setup();
  let n = 0;
  const counter = () => ++n;
  const use = api.memo(counter);
  assert.equal(await use(), 1);
  assert.equal(await use(), 1);
  assert.equal(await api.memo(counter, { mode: 'refresh' })(), 2);
  assert.equal(await use(), 2);
  assert.equal(await api.memo(counter, { mode: 'off' })(), 3);
  assert.equal(await use(), 2);
});

test('editing the function body or its version invalidates; explain says which', async () => {
  const { api } = await setup();
  const v1 = api.memo(function model(x: number) {
    return x + 1;
  });
  await v1(1);
  const v2 = api.memo(function model(x: number) {
    return x + 2;
  });
  assert.equal(await v2(1), 3);
  assert.match(await v2.explain(2), /argument 1|changed/);
  const v3 = api.memo(function model(x: number) {
    return x + 2;
  }, { version: 2 });
  assert.match(await v3.explain(1), /version/);
  assert.match(await v2.explain(1), /hit/);
});

test('debug explains a miss through the log', async () => {
  const { api, logs } = await setup({ debug: true });
  const f = api.memo(function train(x: number) {
    return x;
  });
  await f(1);
  await f(2);
  assert.ok(logs.some((l) => /miss for train: .*argument 1/.test(l)), logs.join('\n'));
});

test('unkeyable arguments fail with the argument named, unless key is given', async () => {
  const { api } = await setup();
  const f = api.memo((opts: { cb: () => void }) => typeof opts.cb);
  await assert.rejects(f({ cb: () => {} }), (err: XetcacheError) => err.code === 'EUNKEYABLE' && /cb/.test(err.message));
  const keyed = api.memo((opts: { id: number; cb: () => void }) => opts.id, { key: (opts: { id: number }) => opts.id });
  assert.equal(await keyed({ id: 7, cb: () => {} }), 7);
});

test('a value that cannot be cached is still returned, with a warning', async () => {
  const { api, logs } = await setup();
  const f = api.memo(() => () => 1);
  assert.equal(typeof (await f()), 'function');
  assert.ok(logs.some((l) => /could not cache/.test(l)));
});

test('xeteval and memoBlock', async () => {
  const { api, cache } = await setup({ thresholdMs: 10_000 });
  let calls = 0;
  const add = (a: number, b: number) => (calls++, a + b);
  assert.equal(await api.xeteval(add, 1, 2), 3);
  assert.equal(await api.xeteval(add, 1, 2), 3);
  assert.equal(await api.xeteval('sum-1-2', add, 1, 2), 3);
  assert.equal(await api.xeteval('sum-1-2', add, 1, 2), 3);
  assert.equal(calls, 2);
  assert.equal(await cache.has('sum-1-2'), true);
  let runs = 0;
  const cell = () => api.memoBlock({ inputs: { a: 2, b: [1, 2] }, always: true }, () => (runs++, { total: 5, label: 'x' }));
  assert.deepEqual(await cell(), { total: 5, label: 'x' });
  assert.deepEqual(await cell(), { total: 5, label: 'x' });
  assert.equal(runs, 1);
});
