// The two sides of a read-through cache: the slow store it reads from, and the backend it keeps
// its copies in. Both are narrow so that a zarr store over HTTP, a browser's IndexedDB or a cache
// project can stand on either side.

/** Anything that reads bytes by key; undefined when it has no value for the key. */
export interface AsyncKeyValueStore {
  get(key: string): Promise<Uint8Array | undefined>;
}

/**
 * Where cachedStore keeps its copies. Keys come from cacheKeys(): '/'-separated segments of
 * [a-z0-9._%-] only. A backend must keep an empty value apart from a missing one, and must not
 * let a caller's later change to an array it was given or gave out alter what it holds.
 */
export interface CacheBackend {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
}
