// The file-system port of the cache project, and its in-memory twin.

export type { GitFsClient, ProjectFs, ProjectStats, ProjectWriteOptions } from './port.js';
export { gitFs } from './port.js';
export { createMemoryProjectFs } from './memory.js';
