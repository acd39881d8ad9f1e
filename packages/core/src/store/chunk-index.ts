// The in-memory map from chunk hash to where the chunk is stored, built from the pack index
// files and topped up with the packs written since (by this process or others).

import type { Blake3 } from '../hash/blake3.js';
import { toHex } from '../hash/hex.js';
import { decodePackIndex, type PackIndexEntry } from './codec/pack-index.js';
import type { StoreFs } from './fs/port.js';
import { isPackId, layout } from './layout.js';

export interface StoredChunk {
  pack: string;
  offset: number;
  length: number;
}

export class ChunkIndex {
  private readonly chunks = new Map<string, StoredChunk>();
  private readonly packs = new Map<string, PackIndexEntry[]>();
  /** Index files that failed to decode, by pack id, with the reason. */
  readonly damaged = new Map<string, string>();

  constructor(
    private readonly fs: StoreFs,
    private readonly blake3: Blake3,
  ) {}

  get(hash: Uint8Array): StoredChunk | undefined {
    return this.chunks.get(toHex(hash));
  }

  packIds(): string[] {
    return [...this.packs.keys()];
  }

  entries(pack: string): PackIndexEntry[] | undefined {
    return this.packs.get(pack);
  }

  add(pack: string, entries: PackIndexEntry[]): void {
    this.packs.set(pack, entries);
    for (const e of entries) {
      const key = toHex(e.hash);
      if (!this.chunks.has(key)) this.chunks.set(key, { pack, offset: e.offset, length: e.length });
    }
  }

  forget(pack: string): void {
    const entries = this.packs.get(pack);
    this.packs.delete(pack);
    if (!entries) return;
    for (const e of entries) {
      const key = toHex(e.hash);
      if (this.chunks.get(key)?.pack !== pack) continue;
      this.chunks.delete(key);
      // Another pack may hold the same chunk.
      for (const [other, list] of this.packs) {
        const hit = list.find((x) => toHex(x.hash) === key);
        if (hit) {
          this.chunks.set(key, { pack: other, offset: hit.offset, length: hit.length });
          break;
        }
      }
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
      if (this.packs.has(id) || this.damaged.has(id)) continue;
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
