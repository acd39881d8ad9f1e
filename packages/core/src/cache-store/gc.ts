// Make the cache fit: drop expired entries, then the least recently used ones until the entries'
// logical size is under the cap; then delete values no project uses and compact the chunk store.

import { XetcacheError } from '../errors.js';
import { isExpired, type EntryMeta } from '../project/entry.js';
import type { CacheStoreDeps } from './context.js';
import { parseSize } from './size.js';

export interface CacheGcOptions {
  /** Keep the entries' total size under this (bytes, or '10GB', '512MiB'). */
  maxSize?: number | string;
  /** Report what would go, change nothing. */
  dryRun?: boolean;
  /**
   * Keep values stored less than this long ago (ms; default 10 minutes) even when no entry names
   * them yet: a put stores its value first and records its entry a moment later, maybe in
   * another process, and gc must not fall in between.
   */
  graceMs?: number;
}

export const DEFAULT_GC_GRACE_MS = 10 * 60_000;

export interface CacheGcReport {
  dryRun: boolean;
  removed: Array<{ key: string; size: number; oid: string; reason: 'expired' | 'size' }>;
  keptEntries: number;
  keptBytes: number;
  /** Values deleted from the chunk store, and the bytes compaction gave back. */
  deletedValues: number;
  /** Unused values kept because they were stored within the grace period. */
  keptRecentValues: number;
  freedBytes: number;
}

export async function collectGarbage(deps: CacheStoreDeps, options: CacheGcOptions = {}): Promise<CacheGcReport> {
  const now = (deps.now ?? Date.now)();
  const cap = options.maxSize === undefined ? Infinity : parseSize(options.maxSize);
  const dryRun = options.dryRun ?? false;
  const usage = await deps.project.usage();
  const live: Array<{ id: string; meta: EntryMeta }> = [];
  const report: CacheGcReport = { dryRun, removed: [], keptEntries: 0, keptBytes: 0, deletedValues: 0, keptRecentValues: 0, freedBytes: 0 };
  let damaged = 0;
  for await (const e of deps.project.entries()) {
    if ('error' in e) damaged++;
    else if (isExpired(e.meta, now)) report.removed.push({ key: e.meta.key, size: e.meta.size, oid: e.meta.oid, reason: 'expired' });
    else live.push(e);
  }
  const lastUsed = (e: { id: string; meta: EntryMeta }) => usage.lastAccess[e.id] ?? Date.parse(e.meta.createdAt);
  live.sort((a, b) => lastUsed(a) - lastUsed(b));
  let total = live.reduce((sum, e) => sum + e.meta.size, 0);
  while (total > cap && live.length > 0) {
    const e = live.shift()!;
    total -= e.meta.size;
    report.removed.push({ key: e.meta.key, size: e.meta.size, oid: e.meta.oid, reason: 'size' });
  }
  report.keptEntries = live.length;
  report.keptBytes = total;
  if (dryRun) return report;

  for (const r of report.removed) await deps.project.remove(r.key);
  await deps.project.flush();
  if (damaged > 0) {
    // A damaged entry's value is unknown, so no value can be called unused safely.
    throw new XetcacheError('EBADENTRY', `${damaged} entries are damaged; run verify with repair before gc frees values`);
  }
  // List the store first and the users of its values second: a value stored and recorded while
  // gc runs is then either missing from the list or found in use. A value stored before the
  // list but recorded after the entries are read is young: the grace period keeps it.
  const candidates: string[] = [];
  for await (const oid of deps.store.list()) candidates.push(oid);
  const keep = new Set<string>();
  for await (const e of deps.project.entries()) if ('meta' in e) keep.add(e.meta.oid);
  for (const oid of (await deps.otherLiveOids?.()) ?? []) keep.add(oid);
  const graceMs = options.graceMs ?? DEFAULT_GC_GRACE_MS;
  for (const oid of candidates) {
    if (keep.has(oid)) continue;
    const writtenAt = graceMs > 0 ? await deps.store.writtenAt(oid) : undefined;
    // The store stamps values with the wall clock (its files' mtimes), so compare with that.
    if (writtenAt !== undefined && Date.now() - writtenAt < graceMs) {
      report.keptRecentValues++;
      continue;
    }
    await deps.store.delete(oid);
    report.deletedValues++;
  }
  const compacted = await deps.store.compact();
  report.freedBytes = compacted.bytesFreed;
  return report;
}
