// @xetcache/core: everything here runs in Node and in browsers; Node adapters are in ./node.

// Errors
export { XetcacheError, isIntegrityError, isNotFound, type ErrorCode } from './errors.js';

// Hashing
export type { Blake3, KeyedHash } from './hash/blake3.js';
export { createWasmBlake3 } from './hash/blake3-wasm.js';
export { createWasmSha256, type Sha256Factory, type Sha256Stream } from './hash/sha256.js';
export { merkleRoot, xetFileHash, type ChunkRef } from './hash/merkle.js';
export { toHex, fromHex, toXetHex, fromXetHex } from './hash/hex.js';
export { DATA_KEY, NODE_KEY, FILE_SALT } from './hash/xet-keys.js';

// Chunking
export { chunkParams, DEFAULT_TARGET_CHUNK, GEAR_WINDOW, type ChunkParams } from './chunking/params.js';
export { chunkStream, type ByteSource, type ChunkerOptions } from './chunking/chunker.js';
export { hashChunks, digest, type Digest, type HashDeps, type HashedChunk } from './chunking/hash-chunks.js';

// git-LFS pointers
export { POINTER_VERSION_URL, MAX_POINTER_SIZE, EMPTY_CONTENT_OID, type LfsPointer } from './pointer/pointer.js';
export { encodePointer } from './pointer/encode.js';
export { parsePointer, isPointer } from './pointer/parse.js';

// The local store
export { createChunkStore, type ChunkStore, type ValueInfo } from './store/chunk-store.js';
export type { StoreDeps, ChunkHasher } from './store/context.js';
export type { PutOptions, PutResult } from './store/put.js';
export type { ReadRange } from './store/read.js';
export type { VerifyReport, VerifyProblem } from './store/verify.js';
export type { CompactOptions, CompactReport } from './store/gc.js';
export { STORE_FORMAT_VERSION } from './store/layout.js';
export type { StoreFs, FileWriter, StoreStat, WriteOptions } from './store/fs/port.js';
export { createMemoryFs } from './store/fs/memory.js';

// The cache project: a git working tree of entries (isomorphic-git), over its own fs port
export type { GitFsClient, ProjectFs, ProjectStats, ProjectWriteOptions } from './project/fs/port.js';
export { gitFs } from './project/fs/port.js';
export { createMemoryProjectFs } from './project/fs/memory.js';
export { openProject, type Project, type ProjectDeps, type ProjectEntry, type WriteResult } from './project/project.js';
export { encodeEntry, decodeEntry, isExpired, type EntryMeta } from './project/entry.js';
export { PROJECT_FORMAT_VERSION, GITATTRIBUTES, type EntryPaths } from './project/layout.js';
export type { GitAuthor } from './project/repo.js';
export type { UsageFile } from './project/usage.js';
export { ENTRY_PATH_KEY, MEMO_KEY } from './hash/xetcache-keys.js';

// CacheStore: keys → values over a project, a chunk store and the serializers
export { createCacheStore, type CacheStoreApi, type DeleteReport } from './cache-store/cache-store.js';
export type { CacheStoreDeps } from './cache-store/context.js';
export type { Lookup } from './cache-store/lookup.js';
export { parseDuration, type CachePutOptions, type PutSourceOptions } from './cache-store/put.js';
export { parseSize } from './cache-store/size.js';
export type { CacheGcOptions, CacheGcReport } from './cache-store/gc.js';
export type { CacheVerifyReport, CacheVerifyProblem } from './cache-store/verify.js';
export type { CacheStats } from './cache-store/stats.js';
export type { ImportReport } from './cache-store/import-bundle.js';

// memo(), xeteval(), memoBlock()
export { createMemoApi, type MemoApi, type Memoized, type MemoBlockOptions } from './memo/memo.js';
export type { MemoRuntime } from './memo/runtime.js';
export { DEFAULT_SETTINGS, checkSettings, type MemoMode, type MemoOptions, type MemoSettings } from './memo/settings.js';
export { memoKey, blockKey, encodeValue, explainMiss, KEY_FORMAT_VERSION, type MemoKey, type MemoKeyParts } from './memo/key/index.js';

// Serializers: values ↔ bytes, by name or picked by type
export type { Serializer } from './serializers/serializer.js';
export { createSerializerRegistry, type SerializerRegistry } from './serializers/registry.js';
export { bytesSerializer } from './serializers/bytes.js';
export { textSerializer } from './serializers/text.js';
export { jsonSerializer } from './serializers/json.js';
export { bytesView } from './serializers/bytes.js';
export { jsonProblem } from './serializers/json-check.js';
export { cloneProblem, type CloneCheckOptions } from './serializers/clone-check.js';
export { describeValue } from './serializers/describe.js';

// cachedStore: a read-through cache in front of any async key-value store
export { cachedStore, type CachedStore, type CachedStoreOptions, type CachedStoreStats } from './cached-store/cached-store.js';
export type { AsyncKeyValueStore, CacheBackend } from './cached-store/ports.js';
export { createMemoryCacheBackend } from './cached-store/memory-backend.js';
export { cacheKeys, encodeSegment, CACHED_STORE_LAYOUT, type CacheKeys } from './cached-store/cache-key.js';
