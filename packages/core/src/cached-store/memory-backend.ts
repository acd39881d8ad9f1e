// The in-memory twin of CacheBackend: the reference behaviour for tests, and the cache for
// browsers and short-lived processes. It copies on the way in and out, as a disk would.

import type { CacheBackend } from './ports.js';

export function createMemoryCacheBackend(): CacheBackend & { entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    async get(key) {
      const value = entries.get(key);
      return value && new Uint8Array(value);
    },
    async put(key, value) {
      entries.set(key, new Uint8Array(value)); // a copy, and a plain one even from a Buffer
    },
  };
}
