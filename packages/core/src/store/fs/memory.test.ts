import { createMemoryFs } from './memory.js';
import { storeFsConformance } from '../../testing/fs-conformance.js';

storeFsConformance('memory fs', async () => createMemoryFs());
