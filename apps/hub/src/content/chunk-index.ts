// Where every published chunk is: hash → pack, offset, length, built from the pack indexes in
// storage. Several hubs may share one bucket, so a lookup that misses lists the pack indexes
// again (at most once per `refreshMs`) before the chunk counts as absent.

import type { BlobStore } from '../storage/port.js';
import { layout } from '../layout.js';
import type { ChunkLocation } from './manifest.js';
import { decodePackIndex, type PackEntry } from './pack-index.js';

const keyOf = (hash: Uint8Array): string => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');

export class ChunkIndex {
  private readonly chunks = new Map<string, ChunkLocation>();
  private readonly packs = new Set<string>();
  private bytes = 0;
  private lastRefresh = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly blobs: BlobStore,
    private readonly now: () => number,
    private readonly refreshMs: number,
  ) {}

  get(hash: Uint8Array): ChunkLocation | undefined {
    return this.chunks.get(keyOf(hash));
  }

  /** Like get, but lists new pack indexes first when the index may be stale. */
  async find(hash: Uint8Array): Promise<ChunkLocation | undefined> {
    const hit = this.get(hash);
    if (hit) return hit;
    if (this.now() - this.lastRefresh < this.refreshMs) return undefined;
    await this.refresh();
    return this.get(hash);
  }

  addPack(id: string, entries: PackEntry[]): void {
    if (this.packs.has(id)) return;
    this.packs.add(id);
    for (const e of entries) {
      const key = keyOf(e.hash);
      if (this.chunks.has(key)) continue;
      this.chunks.set(key, { pack: id, offset: e.offset, length: e.length });
      this.bytes += e.length;
    }
  }

  /** Distinct chunks known, and their bytes: what deduplication leaves. */
  usage(): { chunks: number; bytes: number } {
    return { chunks: this.chunks.size, bytes: this.bytes };
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const started = this.now();
    for await (const key of this.blobs.list(layout.packIndexPrefix)) {
      const id = key.slice(layout.packIndexPrefix.length);
      if (this.packs.has(id)) continue;
      const data = await this.blobs.read(key);
      if (!data) continue;
      try {
        this.addPack(id, decodePackIndex(data, key));
      } catch {
        // A damaged index hides its pack: its chunks count as absent and get uploaded again.
      }
    }
    this.lastRefresh = started;
  }
}
