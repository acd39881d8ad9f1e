// What the content code is handed, and the state it shares: the storage, the hash functions,
// the chunking parameters, and the in-memory index of published chunks.

import type { Blake3, ChunkParams, Sha256Factory } from '@xetcache/core';
import type { BlobStore } from '../storage/port.js';
import type { ChunkIndex } from './chunk-index.js';

export interface ContentDeps {
  blobs: BlobStore;
  blake3: Blake3;
  sha256: Sha256Factory;
  /** Chunking parameters (Xet's 64 KiB target unless a test asks for small chunks). */
  params?: ChunkParams;
  /** A pack is written once it holds this many bytes (default 16 MiB). */
  packSize?: number;
  /** How long the chunk index is trusted before a lookup that misses lists pack indexes again. */
  refreshMs?: number;
  now?: () => number;
}

export interface ContentContext {
  blobs: BlobStore;
  blake3: Blake3;
  sha256: Sha256Factory;
  params: ChunkParams;
  packSize: number;
  index: ChunkIndex;
}
