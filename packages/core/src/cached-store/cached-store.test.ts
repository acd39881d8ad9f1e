import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { cachedStore } from './cached-store.js';
import { createMemoryCacheBackend } from './memory-backend.js';
import type { CacheBackend } from './ports.js';
import { httpStore } from './testing/http-store.js';
import { startSlowServer, type SlowServer } from './testing/slow-server.js';
import { XetcacheError } from '../errors.js';

const DELAY = 100;
const bytes = (s: string) => new TextEncoder().encode(s);
let server: SlowServer;

before(async () => {
  server = await startSlowServer({ delayMs: DELAY });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.files.clear();
  server.files.set('/zarr.json', bytes('{"zarr_format":3}'));
  server.files.set('/data/c/0/0', new Uint8Array(1024).fill(7));
});

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

test('the first read goes to the server, the second does not', async () => {
  const store = cachedStore(httpStore(server.url), { cache: createMemoryCacheBackend() });
  const first = await timed(() => store.get('data/c/0/0'));
  assert.deepEqual(first.value, new Uint8Array(1024).fill(7));
  assert.ok(first.ms >= DELAY * 0.9);
  const second = await timed(() => store.get('data/c/0/0'));
  assert.deepEqual(second.value, first.value);
  assert.ok(second.ms < DELAY / 2, `a hit took ${second.ms} ms`);
  assert.deepEqual(server.requests, ['/data/c/0/0']);
  assert.deepEqual(store.stats(), { hits: 1, misses: 1, coalesced: 0 });
});

test('a cache kept in a backend serves a new cachedStore too; namespaces keep stores apart', async () => {
  const cache = createMemoryCacheBackend();
  await cachedStore(httpStore(server.url), { cache, namespace: 'remote-a' }).get('zarr.json');
  const again = cachedStore(httpStore(server.url), { cache, namespace: 'remote-a' });
  assert.deepEqual(await again.get('zarr.json'), bytes('{"zarr_format":3}'));
  assert.equal(server.requests.length, 1);
  const other = cachedStore(httpStore(server.url), { cache, namespace: 'remote-b' });
  await other.get('zarr.json');
  assert.equal(server.requests.length, 2);
});

test('concurrent reads of one key make one request; of different keys, run side by side', async () => {
  const store = cachedStore(httpStore(server.url), { cache: createMemoryCacheBackend() });
  const { value: results, ms } = await timed(() =>
    Promise.all([
      ...Array.from({ length: 10 }, () => store.get('data/c/0/0')),
      ...Array.from({ length: 5 }, () => store.get('zarr.json')),
    ]),
  );
  for (const r of results.slice(0, 10)) assert.deepEqual(r, new Uint8Array(1024).fill(7));
  for (const r of results.slice(10)) assert.deepEqual(r, bytes('{"zarr_format":3}'));
  assert.deepEqual([...server.requests].sort(), ['/data/c/0/0', '/zarr.json']);
  assert.ok(ms < DELAY * 2, `took ${ms} ms`);
  assert.deepEqual(store.stats(), { hits: 13, misses: 2, coalesced: 13 });
});

test('a 404 is undefined and is asked again next time', async () => {
  const cache = createMemoryCacheBackend();
  const store = cachedStore(httpStore(server.url), { cache });
  assert.equal(await store.get('data/c/9/9'), undefined);
  assert.equal(await store.get('data/c/9/9'), undefined);
  assert.deepEqual(server.requests, ['/data/c/9/9', '/data/c/9/9']);
  assert.equal(cache.entries.size, 0);
  server.files.set('/data/c/9/9', bytes('now here'));
  assert.deepEqual(await store.get('data/c/9/9'), bytes('now here'));
});

test('with negative: true a 404 is remembered', async () => {
  const store = cachedStore(httpStore(server.url), { cache: createMemoryCacheBackend(), negative: true });
  const [a, b] = await Promise.all([store.get('nope'), store.get('nope')]);
  assert.equal(a, undefined);
  assert.equal(b, undefined);
  assert.equal(await store.get('nope'), undefined);
  assert.deepEqual(server.requests, ['/nope']);
  assert.deepEqual(store.stats(), { hits: 2, misses: 1, coalesced: 1 });
  // A present value is still a value, not a miss.
  assert.deepEqual(await store.get('zarr.json'), bytes('{"zarr_format":3}'));
});

test('a server error reaches every waiting caller, is not cached, and is retried next time', async () => {
  const cache = createMemoryCacheBackend();
  const store = cachedStore(httpStore(server.url), { cache, negative: true });
  server.fail('/zarr.json', 500);
  const attempts = await Promise.allSettled([store.get('zarr.json'), store.get('zarr.json')]);
  for (const a of attempts) {
    assert.equal(a.status, 'rejected');
    assert.match(String((a as PromiseRejectedResult).reason), /HTTP 500/);
  }
  assert.equal(cache.entries.size, 0);
  assert.deepEqual(await store.get('zarr.json'), bytes('{"zarr_format":3}'));
  assert.deepEqual(await store.get('zarr.json'), bytes('{"zarr_format":3}'));
  assert.deepEqual(server.requests, ['/zarr.json', '/zarr.json']);
});

test('other properties and methods of the slow store pass through', async () => {
  const slow = httpStore(server.url);
  const store = cachedStore(slow, { cache: createMemoryCacheBackend() });
  assert.equal(store.baseUrl, server.url);
  assert.equal(store.url('data/c/0/0'), `${server.url}data/c/0/0`);
  assert.equal(store.url, store.url); // the same function each time
  assert.ok('stats' in store && 'url' in store);
  // Extra arguments reach the slow store: an aborted request fails and leaves nothing cached.
  await assert.rejects(store.get('zarr.json', { signal: AbortSignal.abort() }), /abort/i);
  assert.equal(server.requests.length, 0);
});

test('a class-based store keeps its private state, prototype and setters', async () => {
  class Remote {
    #data = new Map<string, Uint8Array>([['k', bytes('v')]]);
    #reads = 0;
    label = 'remote';
    async get(key: string) {
      this.#reads++;
      return this.#data.get(key);
    }
    reads() {
      return this.#reads;
    }
    set(key: string, value: Uint8Array) {
      this.#data.set(key, value);
    }
  }
  const slow = new Remote();
  const store = cachedStore(slow, { cache: createMemoryCacheBackend() });
  assert.ok(store instanceof Remote);
  assert.deepEqual(await store.get('k'), bytes('v'));
  assert.deepEqual(await store.get('k'), bytes('v'));
  assert.equal(store.reads(), 1);
  store.set('k2', bytes('v2'));
  assert.deepEqual(await store.get('k2'), bytes('v2'));
  store.label = 'changed';
  assert.equal(slow.label, 'changed');
});

test('a frozen store works too', async () => {
  let reads = 0;
  const slow = Object.freeze({
    name: 'frozen',
    get: async (key: string) => {
      reads++;
      return bytes(key);
    },
  });
  const store = cachedStore(slow, { cache: createMemoryCacheBackend() });
  assert.deepEqual(await store.get('a'), bytes('a'));
  assert.deepEqual(await store.get('a'), bytes('a'));
  assert.equal(reads, 1);
  assert.equal(store.name, 'frozen');
  assert.deepEqual(store.stats(), { hits: 1, misses: 1, coalesced: 0 });
});

test('shouldCache decides which values are kept; an empty value is a value', async () => {
  const reads: string[] = [];
  const data: Record<string, Uint8Array> = { small: bytes('s'), large: new Uint8Array(100), empty: new Uint8Array(0) };
  const slow = {
    async get(key: string) {
      reads.push(key);
      return data[key];
    },
  };
  const store = cachedStore(slow, {
    cache: createMemoryCacheBackend(),
    shouldCache: (_key, value) => value.length < 10,
  });
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(await store.get('small'), bytes('s'));
    assert.deepEqual(await store.get('large'), new Uint8Array(100));
    assert.deepEqual(await store.get('empty'), new Uint8Array(0));
  }
  assert.deepEqual(reads, ['small', 'large', 'empty', 'large']);
});

test('arbitrary keys never become unsafe backend keys', async () => {
  const cache = createMemoryCacheBackend();
  const store = cachedStore({ get: async (key: string) => bytes(key) }, { cache, namespace: '../../up' });
  const keys = ['../../etc/passwd', '/abs', 'C:\\win', 'CON', 'con', '', '.', 'a//b', 'x\u0000y', '\uD800'];
  for (const key of keys) assert.deepEqual(await store.get(key), bytes(key));
  assert.equal(cache.entries.size, keys.length);
  for (const k of cache.entries.keys()) {
    assert.match(k, /^[a-z0-9._%/-]+$/);
    for (const part of k.split('/')) assert.ok(part !== '' && !part.startsWith('.'), k);
  }
});

test('a bad key, a bad value or a bad setup is EINVAL', async () => {
  const einval = (err: unknown) => err instanceof XetcacheError && err.code === 'EINVAL';
  const store = cachedStore({ get: async (_key: string) => 'text' as unknown as Uint8Array }, { cache: createMemoryCacheBackend() });
  await assert.rejects(store.get(42 as unknown as string), einval);
  await assert.rejects(store.get('k'), einval);
  assert.throws(() => cachedStore({} as never, { cache: createMemoryCacheBackend() }), einval);
  assert.throws(() => cachedStore({ get: async () => undefined }, {} as never), einval);
});

test('errors from the cache backend are not hidden', async () => {
  const broken: CacheBackend = {
    get: async () => undefined,
    put: async () => {
      throw new Error('disk full');
    },
  };
  const store = cachedStore({ get: async (_key: string) => bytes('v') }, { cache: broken });
  await assert.rejects(store.get('k'), /disk full/);
  await assert.rejects(store.get('k'), /disk full/); // and the failed read is not remembered
});
