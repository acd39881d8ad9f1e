// How big the cache is and how well it works: logical bytes (what the entries hold), stored
// bytes (the distinct chunks they reference, what deduplication leaves), hits and misses.

import type { CacheStoreDeps } from './context.js';

export interface CacheStats {
  entries: number;
  logicalBytes: number;
  storedBytes: number;
  /** Values whose bytes are not on this machine (lazy projects). */
  remoteEntries: number;
  damagedEntries: number;
  hits: number;
  misses: number;
}

export async function cacheStats(deps: CacheStoreDeps): Promise<CacheStats> {
  const stats: CacheStats = { entries: 0, logicalBytes: 0, storedBytes: 0, remoteEntries: 0, damagedEntries: 0, hits: 0, misses: 0 };
  const oids = new Set<string>();
  for await (const e of deps.project.entries()) {
    if ('error' in e) {
      stats.damagedEntries++;
      continue;
    }
    stats.entries++;
    stats.logicalBytes += e.meta.size;
    oids.add(e.meta.oid);
  }
  const chunks = new Map<string, number>();
  for (const oid of oids) {
    const info = await deps.store.stat(oid);
    if (!info) {
      stats.remoteEntries++;
      continue;
    }
    for (const c of info.chunks) chunks.set(c.hash, c.length);
  }
  for (const length of chunks.values()) stats.storedBytes += length;
  const usage = await deps.project.usage();
  stats.hits = usage.hits;
  stats.misses = usage.misses;
  return stats;
}
