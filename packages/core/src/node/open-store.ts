// A chunk store on a local folder, wired with the fastest hashing available in Node: native
// BLAKE3 and the chunk+hash pass spread over worker threads.

import { createChunkStore, type ChunkStore } from '../store/chunk-store.js';
import type { StoreDeps } from '../store/context.js';
import { hashChunks } from '../chunking/hash-chunks.js';
import { createNodeFs } from './node-fs.js';
import { createBestBlake3 } from './blake3-native.js';
import { nodeSha256 } from './sha256-node.js';
import { parallelHashChunks } from './parallel-hash.js';

export interface NodeStoreOptions extends Partial<Omit<StoreDeps, 'fs'>> {
  /**
   * Chunk and hash on worker threads (default true); false keeps it on the calling thread.
   * Ignored when `hashChunks` is given. Idle workers never keep the process alive.
   */
  parallel?: boolean;
}

/** Whether a process id is running (EPERM: running, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What openNodeStore hands to createChunkStore. */
export async function nodeStoreDeps(dir: string, options: NodeStoreOptions = {}): Promise<StoreDeps> {
  const { parallel = true, ...deps } = options;
  return {
    pid: process.pid,
    isProcessAlive,
    ...deps,
    fs: createNodeFs(dir),
    blake3: deps.blake3 ?? (await createBestBlake3()),
    sha256: deps.sha256 ?? nodeSha256,
    hashChunks: deps.hashChunks ?? (parallel ? parallelHashChunks : hashChunks),
  };
}

export async function openNodeStore(dir: string, options: NodeStoreOptions = {}): Promise<ChunkStore> {
  return createChunkStore(await nodeStoreDeps(dir, options));
}
