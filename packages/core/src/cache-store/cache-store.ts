// The CacheStore API of SPEC §3 over injected parts: keys → values, recorded in a git project,
// bytes deduplicated in the chunk store. The Node package wraps this with paths and defaults.

import type { ByteSource } from '../chunking/chunker.js';
import type { EntryMeta } from '../project/entry.js';
import type { WriteResult } from '../project/project.js';
import type { CacheStoreDeps } from './context.js';
import { exportBundle } from './export-bundle.js';
import { collectGarbage, type CacheGcOptions, type CacheGcReport } from './gc.js';
import { importBundle, type ImportReport } from './import-bundle.js';
import { lookup, openValue, type Lookup } from './lookup.js';
import { putEntry, putSource, type CachePutOptions, type PutSourceOptions } from './put.js';
import { cacheStats, type CacheStats } from './stats.js';
import { verifyCache, type CacheVerifyReport } from './verify.js';
import { isExpired } from '../project/entry.js';

export interface DeleteReport {
  dryRun: boolean;
  /** The entries that went (or, in a dry run, would go). */
  entries: Array<{ key: string; size: number; oid: string }>;
  /** Keys asked for that had no entry. */
  missing: string[];
}

export interface CacheStoreApi {
  /** Store a value; returns the entry now under the key (another writer's, with `ifAbsent`). */
  put(key: string, value: unknown, options?: CachePutOptions): Promise<EntryMeta>;
  /** put() that also says whether this call wrote the entry (false: `ifAbsent` kept another). */
  write(key: string, value: unknown, options?: CachePutOptions): Promise<WriteResult>;
  /** The value, or undefined on a miss (use lookup() to tell a stored undefined from a miss). */
  get(key: string): Promise<unknown>;
  lookup(key: string): Promise<Lookup>;
  /** Store already-serialized bytes from a stream (serializer bytes unless named). */
  putSource(key: string, source: ByteSource, options?: PutSourceOptions): Promise<EntryMeta>;
  /** A live entry's stored bytes, streamed and verified; undefined on a miss. */
  openValue(key: string): Promise<{ meta: EntryMeta; bytes: AsyncIterable<Uint8Array> } | undefined>;
  has(key: string): Promise<boolean>;
  keys(): Promise<string[]>;
  /** A dry run unless `dryRun: false`. */
  delete(keys: string | readonly string[], options?: { dryRun?: boolean }): Promise<DeleteReport>;
  getArtifact(key: string): Promise<EntryMeta | undefined>;
  exportBundle(keys: readonly string[]): AsyncGenerator<Uint8Array>;
  importBundle(source: ByteSource): Promise<ImportReport>;
  verify(options?: { repair?: boolean }): Promise<CacheVerifyReport>;
  gc(options?: CacheGcOptions): Promise<CacheGcReport>;
  stats(): Promise<CacheStats>;
  /** Commit what is pending now. */
  flush(): Promise<void>;
  /** Commit what is pending, then run `fn` holding the project lock (sync with a hub). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether flush() has something of this process's to save. */
  hasUnsaved(): boolean;
  close(): Promise<void>;
}

export function createCacheStore(deps: CacheStoreDeps): CacheStoreApi {
  const now = deps.now ?? Date.now;
  return {
    async put(key, value, options) {
      return (await putEntry(deps, key, value, options)).meta;
    },

    async get(key) {
      const found = await lookup(deps, key);
      return found.hit ? found.value : undefined;
    },

    write: (key, value, options) => putEntry(deps, key, value, options),
    lookup: (key) => lookup(deps, key),
    putSource: async (key, source, options) => (await putSource(deps, key, source, options)).meta,
    openValue: (key) => openValue(deps, key),

    async has(key) {
      const meta = await deps.project.read(key);
      return meta !== undefined && !isExpired(meta, now());
    },

    async keys() {
      const keys: string[] = [];
      for await (const e of deps.project.entries()) if ('meta' in e) keys.push(e.meta.key);
      return keys.sort();
    },

    async delete(keys, options = {}) {
      const dryRun = options.dryRun ?? true;
      const report: DeleteReport = { dryRun, entries: [], missing: [] };
      for (const key of typeof keys === 'string' ? [keys] : new Set(keys)) {
        const meta = await deps.project.read(key).catch(() => undefined);
        if (!meta) {
          if (!dryRun && (await deps.project.remove(key)) !== undefined) report.entries.push({ key, size: 0, oid: '' });
          else report.missing.push(key);
          continue;
        }
        report.entries.push({ key, size: meta.size, oid: meta.oid });
        if (!dryRun) await deps.project.remove(key);
      }
      return report;
    },

    getArtifact: (key) => deps.project.read(key),
    exportBundle: (keys) => exportBundle(deps, keys),
    importBundle: (source) => importBundle(deps, source),
    verify: (options) => verifyCache(deps, options),
    gc: (options) => collectGarbage(deps, options),
    stats: () => cacheStats(deps),
    async flush() {
      await deps.project.flush();
    },
    exclusive: (fn) => deps.project.exclusive(fn),
    hasUnsaved: () => deps.project.hasUnsaved(),
    close: () => deps.project.close(),
  };
}
