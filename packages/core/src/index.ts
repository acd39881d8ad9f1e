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
