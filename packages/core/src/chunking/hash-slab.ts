// Chunk hashes live as long as a put or a digest does (the manifest and the file hash need them
// all). A Uint8Array of its own costs about ten times the hash's 32 bytes, which grows with the
// value, so hashes are copied into shared slabs and handed out as views.

const HASHES_PER_SLAB = 1024;

export class HashSlab {
  private slab = new Uint8Array(0);
  private used = 0;

  /** A copy of the 32-byte `hash` that stays valid (and keeps its slab alive) while referenced. */
  keep(hash: Uint8Array): Uint8Array {
    if (this.used + 32 > this.slab.length) {
      this.slab = new Uint8Array(32 * HASHES_PER_SLAB);
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + 32);
    out.set(hash);
    this.used += 32;
    return out;
  }
}
