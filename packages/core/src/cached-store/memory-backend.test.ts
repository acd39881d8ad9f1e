import { createMemoryCacheBackend } from './memory-backend.js';
import { cacheBackendConformance } from './testing/cache-backend-conformance.js';

cacheBackendConformance('memory cache backend', async () => createMemoryCacheBackend());
