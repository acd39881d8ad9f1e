// What the memo functions need from their host: where the cache lives, how to hash, the clock,
// and where to say things. The Node package provides one wired to XETCACHE_HOME.

import type { CacheStoreApi } from '../cache-store/cache-store.js';
import type { KeyedHash } from '../hash/blake3.js';
import type { MemoSettings } from './settings.js';

export interface MemoRuntime {
  /** The current project's store, or the named one (a project name or a directory). */
  store(project?: string): Promise<CacheStoreApi>;
  /** Keyed BLAKE3 with the memo key (the fastest one may need loading first). */
  keyHash(): KeyedHash | Promise<KeyedHash>;
  settings(): MemoSettings;
  now(): number;
  /** Diagnostics: debug explanations and warnings (a failed cache write never fails the call). */
  log(message: string): void;
}
