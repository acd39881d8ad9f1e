// @xetcache/hub: the self-hostable team server (SPEC §6). Start one with startHub (it listens);
// createHub builds the express app alone, over any storage, for tests and embedding.

// Running a hub
export { startHub, type StartOptions, type RunningHub } from './main.js';
export { settingsFromEnv, parsePort, checkPublicUrl, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_DATA_DIR, type HubSettings } from './config.js';
export { banner } from './banner.js';
export { createHub, DEFAULT_LIMITS, type Hub, type HubDeps } from './app.js';
export type { HubLimits } from './http/context.js';

// Errors and their HTTP statuses
export { HubError, HTTP_STATUS, isHubError, type HubErrorCode } from './errors.js';

// Storage: the port, its memory twin, the filesystem and S3 backends, opening one from its setting
export type { BlobStore, BlobSource, BlobStat, BlobRange, PutOptions } from './storage/port.js';
export { createMemoryBlobStore, type MemoryBlobStore } from './storage/memory.js';
export { openFsBlobStore, type FsBlobStoreOptions } from './storage/fs.js';
export { openS3BlobStore, type S3BlobStore, type S3BlobStoreOptions, type ConditionalWrites } from './storage/s3.js';
export { s3SettingsFromEnv, parseS3Url, type S3Settings } from './storage/s3-settings.js';
export { openStorage, type OpenStorageOptions } from './open-storage.js';
export { STORAGE_FORMAT_VERSION } from './layout.js';

// Content and the chunk protocol's wire pieces
export type { ContentStore } from './content/content-store.js';
export { frameHeader, FRAME_HEADER } from './content/frames.js';
export { CHUNKS_MEDIA_TYPE } from './chunks/routes.js';
export { CHUNK_TRANSFER } from './lfs/batch.js';

// Accounts
export type { Scope, User, TokenRecord } from './accounts/types.js';
export { ADMIN_USER } from './accounts/bootstrap.js';
