// xetcache for Node: memoise slow functions into a git-backed cache project, with values
// deduplicated in the chunk store under XETCACHE_HOME.

export { memo, xeteval, memoBlock, configure, setProject, flush, serializers } from './api.js';
export { CacheStore } from './cache-store.js';
export { cachedStore, projectBackend, type NodeCachedStoreOptions } from './cached-store.js';
export { Runtime, type RuntimeOptions } from './runtime.js';
export { processEnv, type Env } from './env.js';
export { xetcacheHome, locateProject, isProjectName, defaultProjectSpec, type ProjectLocation } from './paths.js';
export { login, logout, whoami, resolveCredentials, createNodeAuth, type NodeAuthOptions } from './auth.js';
export { xetconfigProject } from './paths.js';
export {
  AuthError,
  DEFAULT_ENDPOINT,
  type Auth,
  type Credentials,
  type CredentialSource,
  type Identity,
  type LoginOptions,
  type LoginResult,
  type LogoutOptions,
  type LogoutResult,
  type ResolveOptions,
} from '@xetcache/auth';
export type {
  MemoOptions,
  MemoSettings,
  MemoMode,
  Memoized,
  MemoBlockOptions,
  EntryMeta,
  CachePutOptions,
  CacheGcOptions,
  CacheGcReport,
  CacheStats,
  CacheVerifyReport,
  DeleteReport,
  ImportReport,
  Serializer,
  SerializerRegistry,
  AsyncKeyValueStore,
  CachedStore,
} from '@xetcache/core';

// Sync with a hub: clone, pull, push; values fetched on first use in projects with a remote
export { pushAll, pullAll, cloneInto, attachRemote, type PushReport, type PullReport, type SyncProgress } from './sync.js';
export { projectRemote, hubProjectUrl, hubHttp, isLazy, setLazy, writeLfsConfig, valueFetcher, type ProjectRemote, type HubRetry } from './remote.js';
