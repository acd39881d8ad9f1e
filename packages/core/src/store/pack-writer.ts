// Appends new chunks to a pack and publishes it: pack first, then its index, so an index never
// names bytes that are not there. A pack killed half-written stays a temp file nobody reads.

import type { Blake3 } from '../hash/blake3.js';
import { encodePackIndex, type PackIndexEntry } from './codec/pack-index.js';
import { writeFileAtomic, type FileWriter, type StoreFs } from './fs/port.js';
import { layout, newPackId } from './layout.js';

export const PACK_MAGIC = new TextEncoder().encode('XCPACK01');

export class PackWriter {
  readonly entries: PackIndexEntry[] = [];

  private constructor(
    readonly id: string,
    private readonly writer: FileWriter,
    private readonly fs: StoreFs,
    private readonly durable: boolean,
  ) {}

  static async open(fs: StoreFs, durable: boolean): Promise<PackWriter> {
    const id = newPackId();
    const writer = await fs.createWriter(layout.pack(id), { durable });
    await writer.write(PACK_MAGIC);
    return new PackWriter(id, writer, fs, durable);
  }

  get size(): number {
    return this.writer.size;
  }

  /** Append a chunk; returns its offset in the pack. */
  async add(hash: Uint8Array, data: Uint8Array): Promise<number> {
    const offset = this.writer.size;
    await this.writer.write(data);
    this.entries.push({ hash, offset, length: data.length });
    return offset;
  }

  async seal(blake3: Blake3): Promise<PackIndexEntry[]> {
    await this.writer.commit();
    await writeFileAtomic(this.fs, layout.packIndex(this.id), encodePackIndex(blake3, this.entries), {
      durable: this.durable,
    });
    return this.entries;
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}
