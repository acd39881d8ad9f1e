// Where every published chunk is: hash → pack, offset, length, built from the pack indexes in
// storage. Several hubs may share one bucket, so a lookup that misses lists the pack indexes
// again (at most once per `refreshMs`) before the chunk counts as absent; catchUp() lists them
// whatever the time, for a caller that must see what another hub published a moment ago.

import type { BlobStore } from '../storage/port.js';
import { layout } from '../layout.js';
import type { ChunkLocation } from './manifest.js';
import { decodePackIndex, type PackEntry } from './pack-index.js';

const PARALLEL_READS = 16;

const keyOf = (hash: Uint8Array): string => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');

export class ChunkIndex {
  private readonly chunks = new Map<string, ChunkLocation>();
  private readonly packs = new Set<string>();
  private bytes = 0;
  private lastRefresh = -Infinity;
  private refreshing: Promise<void> | undefined;
  /** Listings begun, and the latest one finished (by number). */
  private loadsStarted = 0;
  private loadedThrough = 0;

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

  /** Resolves once a listing begun after this call has finished: every pack published before it is known. */
  async catchUp(): Promise<void> {
    const need = this.loadsStarted + 1;
    while (this.loadedThrough < need) await this.refresh();
  }

  private async load(): Promise<void> {
    const started = this.now();
    const number = ++this.loadsStarted;
    // New indexes are read a few at a time: on an object store each read is a round trip.
    const reading = new Set<Promise<void>>();
    const readIndex = async (key: string, id: string) => {
      const data = await this.blobs.read(key);
      if (!data) return;
      try {
        this.addPack(id, decodePackIndex(data, key));
      } catch {
        // A damaged index hides its pack: its chunks count as absent and get uploaded again.
      }
    };
    let failure: { error: unknown } | undefined;
    try {
      for await (const key of this.blobs.list(layout.packIndexPrefix)) {
        const id = key.slice(layout.packIndexPrefix.length);
        if (this.packs.has(id)) continue;
        const read: Promise<void> = readIndex(key, id)
          .catch((error: unknown) => void (failure ??= { error }))
          .finally(() => reading.delete(read));
        reading.add(read);
        if (reading.size >= PARALLEL_READS) await Promise.race(reading);
        if (failure) break;
      }
    } finally {
      await Promise.all([...reading]);
    }
    // A read that failed fails the listing, as one at a time did.
    if (failure) throw failure.error;
    this.lastRefresh = started;
    this.loadedThrough = Math.max(this.loadedThrough, number);
  }
}
