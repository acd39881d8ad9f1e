// Reclaim space: drop packs no value references, rewrite packs that are mostly dead, and clear
// what killed processes left behind. Runs under the gc lock, so no put is in flight.

import { chunkKey } from './chunk-index.js';
import { decodeManifest } from './codec/manifest.js';
import { layout } from './layout.js';
import { PackWriter } from './pack-writer.js';
import { asCollector, STALE_MS } from './locks.js';
import { packFiles, valueNames } from './walk.js';
import type { StoreContext } from './context.js';

export interface CompactReport {
  packsDeleted: number;
  packsRewritten: number;
  bytesFreed: number;
  liveBytes: number;
}

export interface CompactOptions {
  /** Rewrite a pack when less than this fraction of its bytes is still referenced (default 0.5). */
  rewriteBelow?: number;
  /** Leave unindexed packs and temp files younger than this alone (default one hour). */
  graceMs?: number;
}

export function compactStore(ctx: StoreContext, options: CompactOptions = {}): Promise<CompactReport> {
  const rewriteBelow = options.rewriteBelow ?? 0.5;
  const graceMs = options.graceMs ?? STALE_MS;
  return asCollector(ctx, async () => {
    const report: CompactReport = { packsDeleted: 0, packsRewritten: 0, bytesFreed: 0, liveBytes: 0 };
    const live = new Set<string>();
    for await (const name of valueNames(ctx)) {
      const bytes = await ctx.fs.readFile(layout.manifest(name));
      if (!bytes) continue;
      try {
        for (const c of decodeManifest(ctx.blake3, bytes).chunks) live.add(chunkKey(c.hash));
      } catch {
        // A damaged manifest references nothing we can trust; verify reports it.
      }
    }
    await ctx.index.refresh();
    const seen = new Set<string>();
    for (const id of ctx.index.packIds()) {
      const entries = ctx.index.entries(id)!;
      const size = (await ctx.fs.stat(layout.pack(id)))?.size ?? 0;
      // A chunk counts once: duplicates in later packs are dead weight.
      const keep = entries.filter((e) => {
        const key = chunkKey(e.hash);
        if (!live.has(key) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const keepBytes = keep.reduce((n, e) => n + e.length, 0);
      const totalBytes = entries.reduce((n, e) => n + e.length, 0);
      if (keep.length === entries.length) {
        report.liveBytes += keepBytes;
        continue;
      }
      if (keep.length > 0 && keepBytes >= totalBytes * rewriteBelow) {
        report.liveBytes += keepBytes;
        continue;
      }
      if (keep.length > 0) {
        const writer = await PackWriter.open(ctx.fs, ctx.durable);
        for (const e of keep) await writer.add(e.hash, await ctx.fs.readRange(layout.pack(id), e.offset, e.length));
        const written = await writer.seal(ctx.blake3);
        report.packsRewritten++;
        report.liveBytes += keepBytes;
        report.bytesFreed -= (await ctx.fs.stat(layout.pack(writer.id)))?.size ?? 0;
        // Index the new pack before the old one goes, so readers always find each chunk.
        ctx.index.add(writer.id, written);
      } else {
        report.packsDeleted++;
      }
      // Index first: a pack without an index is invisible; an index without its pack is damage.
      await ctx.fs.remove(layout.packIndex(id));
      await ctx.fs.remove(layout.pack(id));
      ctx.index.forget(id);
      report.bytesFreed += size;
    }
    // Leftovers of killed processes: packs that never got an index, once old enough.
    const { packs, indexes } = await packFiles(ctx);
    for (const id of packs) {
      if (indexes.has(id)) continue;
      const stat = await ctx.fs.stat(layout.pack(id));
      if (stat && ctx.now() - stat.mtimeMs > graceMs) {
        await ctx.fs.remove(layout.pack(id));
        report.bytesFreed += stat.size;
      }
    }
    report.bytesFreed += await ctx.fs.sweepTemp(ctx.now() - graceMs);
    return report;
  });
}
