// What the routes are handed: the hub's parts, built once by createHub.

import type { Accounts } from '../accounts/accounts.js';
import type { ContentStore } from '../content/content-store.js';
import type { LockStore } from '../lfs/lock-store.js';
import type { Projects } from '../projects.js';
import type { BlobStore } from '../storage/port.js';

export interface HubLimits {
  /** The largest LFS object accepted, in bytes. */
  maxObjectSize: number;
  /** The largest JSON body accepted, in bytes. */
  maxJsonBody: number;
  /** Objects per batch request (git-lfs sends at most 100). */
  maxBatchObjects: number;
  /** Chunk hashes per `missing` question, and chunks per uploaded pack. */
  maxChunksPerRequest: number;
}

/** Counters since the hub started (GET /api/stats). */
export interface HubCounters {
  requests: number;
  /** Basic-transfer objects received whole and stored (or found already stored). */
  uploads: number;
  uploadedBytes: number;
  /** Basic-transfer object downloads served to the end (ranges included). */
  downloads: number;
  downloadedBytes: number;
  /** Chunks received in chunk packs, and those of them that were new. */
  chunksReceived: number;
  chunksStored: number;
  /** Chunks served by chunk-transfer downloads sent to the end, and their bytes (frames' payload). */
  chunksSent: number;
  chunksSentBytes: number;
}

export interface HubContext {
  blobs: BlobStore;
  content: ContentStore;
  accounts: Accounts;
  projects: Projects;
  locks: LockStore;
  reposDir: string;
  /** The environment git children inherit PATH and HOME from. */
  processEnv: NodeJS.ProcessEnv;
  /** Fixed base URL for links, or undefined to take it from each request. */
  publicUrl: string | undefined;
  limits: HubLimits;
  log: (line: string) => void;
  /** Set when the hub drains before shutting down: new requests get 503. */
  draining: boolean;
  counters: HubCounters;
}
