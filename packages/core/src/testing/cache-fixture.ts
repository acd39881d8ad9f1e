// A CacheStore over a chunk store in memory and a project on the given fs, with browser hashing,
// for tests of the cache layer.

import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { createWasmSha256 } from '../hash/sha256.js';
import { createMemoryFs } from '../store/fs/memory.js';
import type { StoreFs } from '../store/fs/port.js';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.js';
import { chunkParams } from '../chunking/params.js';
import { openProject, type Project, type ProjectDeps } from '../project/project.js';
import type { ProjectFs } from '../project/fs/port.js';
import { createSerializerRegistry, type SerializerRegistry } from '../serializers/index.js';
import { createCacheStore, type CacheStoreApi } from '../cache-store/cache-store.js';
import type { CacheStoreDeps } from '../cache-store/context.js';

export interface TestCache {
  cache: CacheStoreApi;
  project: Project;
  store: ChunkStore;
  serializers: SerializerRegistry;
  deps: CacheStoreDeps;
}

export async function openTestCache(options: {
  fs: ProjectFs;
  root: string;
  storeFs?: StoreFs;
  now?: () => number;
  project?: Partial<ProjectDeps>;
  deps?: Partial<CacheStoreDeps>;
}): Promise<TestCache> {
  const blake3 = await createWasmBlake3();
  const sha256 = await createWasmSha256();
  const store = createChunkStore({
    fs: options.storeFs ?? createMemoryFs(),
    blake3,
    sha256,
    params: chunkParams(4096),
    packSize: 1 << 20,
    durable: false,
  });
  const project = await openProject({
    fs: options.fs,
    root: options.root,
    blake3,
    author: { name: 'Test', email: 'test@example.com' },
    now: options.now,
    commitDelayMs: Infinity,
    ...options.project,
  });
  const serializers = createSerializerRegistry();
  const deps: CacheStoreDeps = { project, store, serializers, producer: 'test@host', now: options.now, ...options.deps };
  return { cache: createCacheStore(deps), project, store, serializers, deps };
}
