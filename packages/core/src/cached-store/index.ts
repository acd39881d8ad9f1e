// cachedStore: a read-through cache in front of any async key-value store.

export { cachedStore, type CachedStore, type CachedStoreOptions, type CachedStoreStats } from './cached-store.js';
export type { AsyncKeyValueStore, CacheBackend } from './ports.js';
export { createMemoryCacheBackend } from './memory-backend.js';
export { cacheKeys, encodeSegment, CACHED_STORE_LAYOUT, type CacheKeys } from './cache-key.js';
