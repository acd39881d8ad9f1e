// cachedStore() for Node: a read-through cache whose copies are entries of a cache project, so
// they are deduplicated, committed and shared like any other value.

import {
  cachedStore as coreCachedStore,
  type AsyncKeyValueStore,
  type CachedStore,
  type CachedStoreOptions,
  type CacheBackend,
} from '@xetcache/core';
import { defaultRuntime } from './default-runtime.js';
import type { Runtime } from './runtime.js';

export interface NodeCachedStoreOptions extends Omit<CachedStoreOptions, 'cache'> {
  /** The project holding the copies (name or directory); the current one when omitted. */
  project?: string;
  /** Another backend instead of a project. */
  cache?: CacheBackend;
}

export function projectBackend(project: string | undefined, runtime: Runtime = defaultRuntime()): CacheBackend {
  const store = () => runtime.store(project);
  return {
    async get(key) {
      const found = await (await store()).lookup(key);
      return found.hit ? (found.value as Uint8Array) : undefined;
    },
    async put(key, value) {
      await (await store()).put(key, value, { serializer: 'bytes' });
    },
  };
}

export function cachedStore<S extends AsyncKeyValueStore>(slow: S, options: NodeCachedStoreOptions = {}): CachedStore<S> {
  const { project, cache, ...rest } = options;
  return coreCachedStore(slow, { ...rest, cache: cache ?? projectBackend(project) });
}
