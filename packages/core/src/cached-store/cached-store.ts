// cachedStore: a read-through cache in front of any async key-value store (a zarr store read
// over HTTP, say). The result is the slow store itself, seen through a Proxy that answers `get`
// from the cache when it can and adds `stats`; every other property and method is the slow
// store's own. It assumes what the slow store holds under a key does not change.

import { XetcacheError } from '../errors.js';
import { describeValue } from '../serializers/describe.js';
import { cacheKeys, type CacheKeys } from './cache-key.js';
import type { AsyncKeyValueStore, CacheBackend } from './ports.js';

export interface CachedStoreOptions {
  /** Where the copies are kept. */
  cache: CacheBackend;
  /** Keeps the copies of different slow stores sharing one backend apart. Default 'default'. */
  namespace?: string;
  /** Whether to keep a copy of this value; every value by default. */
  shouldCache?: (key: string, value: Uint8Array) => boolean;
  /** Also remember that the slow store has no value for a key (it is asked once only). */
  negative?: boolean;
}

export interface CachedStoreStats {
  /** Gets answered without reading the slow store (coalesced ones included). */
  hits: number;
  /** Gets that read the slow store. */
  misses: number;
  /** Of the hits, those that joined a read of the same key already under way. */
  coalesced: number;
}

export type CachedStore<S> = S & { stats(): CachedStoreStats };

type Get = (key: string, ...rest: unknown[]) => Promise<Uint8Array | undefined>;

export function cachedStore<S extends AsyncKeyValueStore>(slow: S, options: CachedStoreOptions): CachedStore<S> {
  if (typeof slow?.get !== 'function') {
    throw new XetcacheError('EINVAL', 'cachedStore needs a store with a get(key) method');
  }
  if (typeof options?.cache?.get !== 'function' || typeof options.cache.put !== 'function') {
    throw new XetcacheError('EINVAL', 'cachedStore needs options.cache with get(key) and put(key, value)');
  }
  const { cache, namespace = 'default', shouldCache, negative = false } = options;
  const slowGet = slow.get as Get;
  const counts: CachedStoreStats = { hits: 0, misses: 0, coalesced: 0 };
  // One read per key at a time: later gets of a key being read share the first one's promise
  // (and its bytes, and the extra arguments the first one passed to the slow store).
  const inflight = new Map<string, Promise<Uint8Array | undefined>>();

  const readThrough = async (key: string, keys: CacheKeys, rest: unknown[]) => {
    const copy = await cache.get(keys.value);
    if (copy !== undefined) {
      counts.hits++;
      return copy;
    }
    if (negative && (await cache.get(keys.missing)) !== undefined) {
      counts.hits++;
      return undefined;
    }
    counts.misses++;
    // Extra arguments (a zarr store's request options, say) go to the slow store as given.
    const value = await slowGet.call(slow, key, ...rest);
    if (value === undefined) {
      if (negative) await cache.put(keys.missing, new Uint8Array(0));
      return undefined;
    }
    if (!(value instanceof Uint8Array)) {
      throw new XetcacheError('EINVAL', `the slow store gave ${describeValue(value)} for '${key}', not bytes`, { key });
    }
    if (shouldCache?.(key, value) ?? true) await cache.put(keys.value, value);
    return value;
  };

  const get: Get = (key, ...rest) => {
    if (typeof key !== 'string') {
      return Promise.reject(new XetcacheError('EINVAL', `a key must be a string, not ${describeValue(key)}`));
    }
    const keys = cacheKeys(namespace, key);
    const running = inflight.get(keys.value);
    if (running) {
      counts.hits++;
      counts.coalesced++;
      return running;
    }
    // Settled reads leave the map, so a failure is not remembered and the next get tries again.
    const read = readThrough(key, keys, rest).finally(() => inflight.delete(keys.value));
    inflight.set(keys.value, read);
    return read;
  };
  const stats = (): CachedStoreStats => ({ ...counts });

  // Methods of the slow store come bound to it, so that one using private fields (#x) works
  // when called on the proxy; each is bound once, so it is the same function every time.
  const bound = new Map<PropertyKey, { method: unknown; bound: unknown }>();
  const passThrough = (prop: PropertyKey): unknown => {
    const value: unknown = Reflect.get(slow, prop, slow);
    if (typeof value !== 'function' || prop === 'constructor') return value;
    const known = bound.get(prop);
    if (known?.method === value) return known.bound;
    const fresh = value.bind(slow);
    bound.set(prop, { method: value, bound: fresh });
    return fresh;
  };

  return new Proxy(proxyTarget(slow), {
    get(_target, prop) {
      if (prop === 'get') return get;
      if (prop === 'stats') return stats;
      return passThrough(prop);
    },
    has: (_target, prop) => prop === 'stats' || Reflect.has(slow, prop),
    set: (_target, prop, value) => Reflect.set(slow, prop, value),
  }) as CachedStore<S>;
}

/**
 * A Proxy may not report another value for a property its target has frozen, so a store whose
 * own get is frozen is reached through an empty object that inherits from it instead.
 */
function proxyTarget(slow: object): object {
  const locked = (prop: string) => {
    const d = Object.getOwnPropertyDescriptor(slow, prop);
    return d !== undefined && !d.configurable && !(d.writable ?? true);
  };
  return locked('get') || locked('stats') ? Object.create(slow) : slow;
}
