// @xetcache/core/node: the Node adapters for the ports of @xetcache/core.

export { createNodeFs } from './node-fs.js';
export { createNativeBlake3, createBestBlake3 } from './blake3-native.js';
export { nodeSha256 } from './sha256-node.js';
export {
  parallelHashChunks,
  parallelDigest,
  closeHashWorkers,
  defaultHashWorkers,
  type ParallelHashDeps,
} from './parallel-hash.js';
export { openNodeStore, nodeStoreDeps, isProcessAlive, type NodeStoreOptions } from './open-store.js';
export { readFilePieces, type FilePiecesOptions } from './file-source.js';
export { v8Serializer } from './v8-serializer.js';
export { nodeProjectFs } from './project-fs.js';
