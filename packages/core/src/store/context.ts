// What every store operation is handed: the injected I/O and hashing, the settings, and the
// process-wide chunk index.

import type { Blake3 } from '../hash/blake3.js';
import type { Sha256Factory } from '../hash/sha256.js';
import type { ChunkParams } from '../chunking/params.js';
import type { ByteSource } from '../chunking/chunker.js';
import type { Digest, HashedChunk, HashDeps } from '../chunking/hash-chunks.js';
import type { StoreFs } from './fs/port.js';
import type { ChunkIndex } from './chunk-index.js';

export type ChunkHasher = (source: ByteSource, deps: HashDeps) => AsyncGenerator<HashedChunk, Digest>;

export interface StoreDeps {
  fs: StoreFs;
  blake3: Blake3;
  sha256: Sha256Factory;
  /** Chunking parameters; Xet's defaults unless a test asks for small chunks. */
  params?: ChunkParams;
  /** The chunk+hash pass (a multi-threaded one in Node); defaults to hashChunks. */
  hashChunks?: ChunkHasher;
  /** fsync packs and manifests before they become visible (default true). */
  durable?: boolean;
  /** Close a pack once it holds this many bytes (default 64 MiB). */
  packSize?: number;
  now?: () => number;
  /** Whether a process id is still running; lets gc ignore writers that were killed. */
  isProcessAlive?: (pid: number) => boolean;
  /** This process's id, recorded in writer registrations. */
  pid?: number;
}

export interface StoreContext {
  fs: StoreFs;
  blake3: Blake3;
  sha256: Sha256Factory;
  params: ChunkParams;
  hashChunks: ChunkHasher;
  durable: boolean;
  packSize: number;
  now: () => number;
  isProcessAlive: (pid: number) => boolean;
  pid: number;
  index: ChunkIndex;
}
