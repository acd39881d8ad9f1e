// The in-memory map from chunk hash to where the chunk is stored, built from the pack index
// files and topped up with the packs written since (by this process or others). It holds every
// chunk of the store, so each pack is kept as flat arrays and each chunk as one string key and one
// number, rather than as objects.

import type { Blake3 } from '../hash/blake3.js';
import { decodePackIndex, type PackIndexEntry } from './codec/pack-index.js';
import type { StoreFs } from './fs/port.js';
import { isPackId, layout } from './layout.js';

/**
 * A chunk hash as a Map key: its 32 bytes as the char codes of a flat 32-character string. Half
 * the size of hex, and built in one step: hex built by `+=` is a rope of 32 pieces, which a Map
 * keeps alive as ~1 KB per chunk.
 */
export function chunkKey(hash: Uint8Array): string {
  return String.fromCharCode.apply(null, hash as unknown as number[]);
}

export interface StoredChunk {
  pack: string;
  offset: number;
  length: number;
}

interface PackRecord {
  id: string;
  hashes: Uint8Array;
  offsets: Uint32Array;
  lengths: Uint32Array;
}

// A chunk's place as one number: its pack's slot times SLOT, plus its entry in the pack.
const SLOT = 2 ** 32;

export class ChunkIndex {
  private readonly chunks = new Map<string, number>();
  private readonly records: Array<PackRecord | undefined> = [];
  private readonly slots = new Map<string, number>();
  /** Index files that failed to decode, by pack id, with the reason. */
  readonly damaged = new Map<string, string>();

  constructor(
    private readonly fs: StoreFs,
    private readonly blake3: Blake3,
  ) {}

  get(hash: Uint8Array): StoredChunk | undefined {
    return this.getByKey(chunkKey(hash));
  }

  getByKey(key: string): StoredChunk | undefined {
    const place = this.chunks.get(key);
    if (place === undefined) return undefined;
    const rec = this.records[Math.floor(place / SLOT)]!;
    const i = place % SLOT;
    return { pack: rec.id, offset: rec.offsets[i]!, length: rec.lengths[i]! };
  }

  packIds(): string[] {
    return [...this.slots.keys()];
  }

  entries(pack: string): PackIndexEntry[] | undefined {
    const slot = this.slots.get(pack);
    if (slot === undefined) return undefined;
    const rec = this.records[slot]!;
    return Array.from(rec.offsets, (offset, i) => ({
      hash: rec.hashes.subarray(32 * i, 32 * i + 32),
      offset,
      length: rec.lengths[i]!,
    }));
  }

  add(pack: string, entries: readonly PackIndexEntry[]): void {
    this.forget(pack);
    const rec: PackRecord = {
      id: pack,
      hashes: new Uint8Array(32 * entries.length),
      offsets: new Uint32Array(entries.length),
      lengths: new Uint32Array(entries.length),
    };
    const slot = this.records.length;
    this.records.push(rec);
    this.slots.set(pack, slot);
    entries.forEach((e, i) => {
      rec.hashes.set(e.hash, 32 * i);
      rec.offsets[i] = e.offset;
      rec.lengths[i] = e.length;
      const key = chunkKey(e.hash);
      if (!this.chunks.has(key)) this.chunks.set(key, slot * SLOT + i);
    });
  }

  forget(pack: string): void {
    const slot = this.slots.get(pack);
    if (slot === undefined) return;
    const rec = this.records[slot]!;
    this.slots.delete(pack);
    this.records[slot] = undefined;
    const orphans = new Set<string>();
    for (let i = 0; i < rec.offsets.length; i++) {
      const key = chunkKey(rec.hashes.subarray(32 * i, 32 * i + 32));
      const place = this.chunks.get(key);
      if (place === undefined || Math.floor(place / SLOT) !== slot) continue;
      this.chunks.delete(key);
      orphans.add(key);
    }
    if (orphans.size === 0) return;
    // Another pack may hold the same chunks.
    for (const other of this.slots.values()) {
      const o = this.records[other]!;
      for (let i = 0; i < o.offsets.length && orphans.size > 0; i++) {
        const key = chunkKey(o.hashes.subarray(32 * i, 32 * i + 32));
        if (!orphans.delete(key)) continue;
        this.chunks.set(key, other * SLOT + i);
      }
      if (orphans.size === 0) break;
    }
  }

  /** Read the index files of packs this process has not seen yet; forget packs that are gone. */
  async refresh(): Promise<void> {
    const names = await this.fs.list(layout.packsDir);
    const present = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.idx')) continue;
      const id = name.slice(0, -4);
      if (!isPackId(id)) continue;
      present.add(id);
      if (this.slots.has(id) || this.damaged.has(id)) continue;
      const bytes = await this.fs.readFile(layout.packIndex(id));
      if (!bytes) continue; // removed by gc since the listing
      try {
        this.add(id, decodePackIndex(this.blake3, bytes, `pack index ${id}`));
      } catch (err) {
        this.damaged.set(id, (err as Error).message);
      }
    }
    for (const id of this.packIds()) if (!present.has(id)) this.forget(id);
  }
}
