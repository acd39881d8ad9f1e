// Collects new chunks into packs for one upload. Packs are written as they fill, but their
// indexes only by publish(): until then no reader can see them, and discard() removes them, so
// an upload that fails its checks leaves nothing behind.

import { randomBytes } from 'node:crypto';
import { layout } from '../layout.js';
import type { ContentContext } from './context.js';
import type { ChunkLocation } from './manifest.js';
import { encodePackIndex, type PackEntry } from './pack-index.js';

export class PackBuilder {
  private buf = Buffer.alloc(0);
  private len = 0;
  private id = randomBytes(16).toString('hex');
  private entries: PackEntry[] = [];
  private readonly own = new Map<string, ChunkLocation>();
  private readonly written: Array<{ id: string; entries: PackEntry[] }> = [];
  /** Bytes of new chunks taken so far. */
  newBytes = 0;
  newChunks = 0;

  constructor(private readonly ctx: ContentContext) {}

  /** Where a chunk is: already published, or added earlier in this upload. */
  locate(hash: Uint8Array): ChunkLocation | undefined {
    return this.ctx.index.get(hash) ?? this.own.get(Buffer.from(hash).toString('hex'));
  }

  /** Add a chunk's bytes (copied) unless it is already somewhere; returns where it is. */
  async add(hash: Uint8Array, data: Uint8Array): Promise<ChunkLocation> {
    const known = this.locate(hash);
    if (known) return known;
    if (this.len > 0 && this.len + data.length > this.ctx.packSize) await this.flush();
    this.reserve(data.length);
    this.buf.set(data, this.len);
    const location = { pack: this.id, offset: this.len, length: data.length };
    this.entries.push({ hash: new Uint8Array(hash), offset: this.len, length: data.length });
    this.own.set(Buffer.from(hash).toString('hex'), location);
    this.len += data.length;
    this.newBytes += data.length;
    this.newChunks++;
    return location;
  }

  /** Write the pack being filled, if any (its index waits for publish). */
  async flush(): Promise<void> {
    if (this.entries.length === 0) return;
    // Recorded first, so a failed write is still removed by discard().
    this.written.push({ id: this.id, entries: this.entries });
    await this.ctx.blobs.put(layout.pack(this.id), this.buf.subarray(0, this.len));
    this.id = randomBytes(16).toString('hex');
    this.entries = [];
    this.len = 0;
  }

  /** Make every pack of this upload visible: index written, chunk index updated. */
  async publish(): Promise<void> {
    await this.flush();
    while (this.written.length > 0) {
      const pack = this.written[0]!;
      await this.ctx.blobs.put(layout.packIndex(pack.id), encodePackIndex(pack.entries));
      this.ctx.index.addPack(pack.id, pack.entries);
      this.written.shift();
    }
  }

  /** Remove every pack written and not published. */
  async discard(): Promise<void> {
    const packs = this.written.splice(0);
    await Promise.all(packs.map((p) => this.ctx.blobs.delete(layout.pack(p.id)).catch(() => undefined)));
    this.entries = [];
    this.len = 0;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    // Grown by doubling up to the pack size, so a 10-byte upload does not take 16 MiB.
    let size = Math.max(this.buf.length, 1 << 20);
    while (size < this.len + extra) size *= 2;
    const next = Buffer.allocUnsafe(Math.min(Math.max(size, this.len + extra), Math.max(this.ctx.packSize, this.len + extra)));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
