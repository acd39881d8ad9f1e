import { createMemoryBlobStore } from './memory.js';
import { blobStoreConformance } from './testing/conformance.js';

blobStoreConformance({
  name: 'memory blob store',
  open: async () => ({ store: createMemoryBlobStore(), close: async () => undefined }),
});
