// A chunk store on a local folder, wired with the fastest hashing available in Node.

import { createChunkStore, type ChunkStore } from '../store/chunk-store.js';
import type { StoreDeps } from '../store/context.js';
import { createNodeFs } from './node-fs.js';
import { createBestBlake3 } from './blake3-native.js';
import { nodeSha256 } from './sha256-node.js';

export type NodeStoreOptions = Partial<Omit<StoreDeps, 'fs'>>;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openNodeStore(dir: string, options: NodeStoreOptions = {}): Promise<ChunkStore> {
  return createChunkStore({
    fs: createNodeFs(dir),
    blake3: options.blake3 ?? (await createBestBlake3()),
    sha256: options.sha256 ?? nodeSha256,
    pid: process.pid,
    isProcessAlive,
    ...options,
  });
}
