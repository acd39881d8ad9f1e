import { createMemoryFs } from './fs/memory.js';
import { createChunkStore } from './chunk-store.js';
import { chunkStoreConformance } from '../testing/store-conformance.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { createWasmSha256 } from '../hash/sha256.js';

// The memory twin with the browser's hashing: nothing here needs Node.
const blake3 = await createWasmBlake3();
const sha256 = await createWasmSha256();

chunkStoreConformance('memory store', async () => {
  const fs = createMemoryFs();
  return { fs, store: createChunkStore({ fs, blake3, sha256, packSize: 1024 * 1024 }) };
});
