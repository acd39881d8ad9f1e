// The local content-addressed store: values in, verified bytes out, each distinct chunk kept
// once. Knows nothing of keys or projects; values are named by their git-LFS oid.

import { chunkParams } from '../chunking/params.js';
import { hashChunks } from '../chunking/hash-chunks.js';
import type { ByteSource } from '../chunking/chunker.js';
import { XetcacheError } from '../errors.js';
import { toXetHex } from '../hash/hex.js';
import { ChunkIndex, chunkKey } from './chunk-index.js';
import type { StoreContext, StoreDeps } from './context.js';
import { compactStore, type CompactOptions, type CompactReport } from './gc.js';
import { layout } from './layout.js';
import { putValue, type PutOptions, type PutResult } from './put.js';
import { hasChunk, readChunk, readChunks } from './read-chunk.js';
import { readManifest, readValue, sha256Hex, type ReadRange } from './read.js';
import { verifyStore, type VerifyReport } from './verify.js';
import { valueNames } from './walk.js';

export interface ValueInfo {
  oid: string;
  size: number;
  xetHash: string;
  chunks: Array<{ hash: string; length: number }>;
}

export interface ChunkStore {
  put(source: ByteSource, options?: PutOptions): Promise<PutResult>;
  /** Verified bytes of a value (or a range of it); ENOTFOUND when the store lacks it. */
  get(oid: string, range?: ReadRange): Promise<AsyncGenerator<Uint8Array>>;
  getBytes(oid: string): Promise<Uint8Array>;
  stat(oid: string): Promise<ValueInfo | undefined>;
  /** One chunk by its hash (Xet hex, as in stat().chunks), verified; undefined if absent or damaged. */
  readChunk(hash: string): Promise<Uint8Array | undefined>;
  /** readChunk for many, in order; chunks stored one after the other are read in one go. */
  readChunks(hashes: readonly string[]): AsyncGenerator<Uint8Array | undefined>;
  /**
   * Whether the store holds a chunk, from the chunk index alone (no chunk bytes are read): cheap
   * enough to ask for every chunk of a value. Damage, or a chunk another process compacted away
   * a moment ago, is found by readChunk, not here.
   */
  hasChunk(hash: string): Promise<boolean>;
  has(oid: string): Promise<boolean>;
  /**
   * When the value was last stored (ms epoch, the store's clock): every put writes the value's
   * manifest again, even of a value already here. Undefined when the store lacks the value.
   */
  writtenAt(oid: string): Promise<number | undefined>;
  /** Forget a value; its chunks are reclaimed by compact() once nothing else uses them. */
  delete(oid: string): Promise<boolean>;
  list(): AsyncGenerator<string>;
  verify(options?: { repair?: boolean }): Promise<VerifyReport>;
  compact(options?: CompactOptions): Promise<CompactReport>;
  /** Bytes held in packs by distinct chunks, and how many chunks. */
  usage(): Promise<{ chunks: number; bytes: number }>;
}

export function createChunkStore(deps: StoreDeps): ChunkStore {
  const ctx: StoreContext = {
    fs: deps.fs,
    blake3: deps.blake3,
    sha256: deps.sha256,
    params: deps.params ?? chunkParams(),
    hashChunks: deps.hashChunks ?? hashChunks,
    durable: deps.durable ?? true,
    packSize: deps.packSize ?? 64 * 1024 * 1024,
    now: deps.now ?? Date.now,
    isProcessAlive: deps.isProcessAlive ?? (() => true),
    pid: deps.pid ?? 0,
    index: new ChunkIndex(deps.fs, deps.blake3),
  };

  const manifestOrThrow = async (oid: string) => {
    const manifest = await readManifest(ctx, oid);
    if (!manifest) throw new XetcacheError('ENOTFOUND', `no value ${oid} in the store`, { oid });
    return manifest;
  };

  return {
    put: (source, options) => putValue(ctx, source, options),

    async get(oid, range) {
      const manifest = await manifestOrThrow(oid);
      return readValue(ctx, oid, manifest, range);
    },

    async getBytes(oid) {
      const manifest = await manifestOrThrow(oid);
      const out = new Uint8Array(manifest.size);
      let at = 0;
      for await (const piece of readValue(ctx, oid, manifest)) {
        out.set(piece, at);
        at += piece.length;
      }
      return out;
    },

    async stat(oid) {
      const m = await readManifest(ctx, oid);
      if (!m) return undefined;
      return {
        oid: `sha256:${m.sha256}`,
        size: m.size,
        xetHash: toXetHex(m.xetHash),
        chunks: m.chunks.map((c) => ({ hash: toXetHex(c.hash), length: c.length })),
      };
    },

    readChunk: (hash) => readChunk(ctx, hash),
    readChunks: (hashes) => readChunks(ctx, hashes),
    hasChunk: (hash) => hasChunk(ctx, hash),

    async has(oid) {
      return (await readManifest(ctx, oid)) !== undefined;
    },

    async writtenAt(oid) {
      return (await ctx.fs.stat(layout.manifest(sha256Hex(oid))))?.mtimeMs;
    },

    async delete(oid) {
      const path = layout.manifest(sha256Hex(oid));
      const existed = (await ctx.fs.stat(path)) !== undefined;
      await ctx.fs.remove(path);
      return existed;
    },

    async *list() {
      for await (const name of valueNames(ctx)) yield `sha256:${name}`;
    },

    verify: (options) => verifyStore(ctx, options),
    compact: (options) => compactStore(ctx, options),

    async usage() {
      await ctx.index.refresh();
      let chunks = 0;
      let bytes = 0;
      const seen = new Set<string>();
      for (const id of ctx.index.packIds()) {
        for (const e of ctx.index.entries(id)!) {
          const key = chunkKey(e.hash);
          if (seen.has(key)) continue;
          seen.add(key);
          chunks++;
          bytes += e.length;
        }
      }
      return { chunks, bytes };
    },
  };
}
