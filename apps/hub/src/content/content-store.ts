// The hub's content: values (named by SHA-256) kept as deduplicated chunks in packs, over the
// storage port. Whole values come in from git-LFS and are chunked here; chunk clients send
// chunks and register values. Either way out: whole values (with ranges) or chunks.
// Format: docs/hub-storage.md.

import { chunkParams, toXetHex } from '@xetcache/core';
import { layout } from '../layout.js';
import { ChunkIndex } from './chunk-index.js';
import type { ContentContext, ContentDeps } from './context.js';
import { ingestValue, type IngestExpectation, type IngestResult } from './ingest.js';
import { decodeManifest, type Manifest } from './manifest.js';
import { readChunks, readValue, type ChunkRead } from './read.js';
import { registerValue, type ValueClaim } from './register.js';
import { storeChunks, type StoreChunksResult } from './store-chunks.js';

export interface ContentStore {
  /** Load the chunk index; call once before serving. */
  open(): Promise<void>;
  ingest(source: AsyncIterable<Uint8Array>, expect: IngestExpectation): Promise<IngestResult>;
  /** A value's manifest, or undefined. */
  manifest(sha256: string): Promise<Manifest | undefined>;
  read(manifest: Manifest, start?: number, end?: number): AsyncGenerator<Uint8Array>;
  readChunks(manifest: Manifest, indexes: number[]): AsyncGenerator<ChunkRead>;
  /** Which of these chunk hashes the hub lacks (their positions in the list). */
  missing(hashes: Uint8Array[]): Promise<number[]>;
  storeChunks(body: AsyncIterable<Uint8Array>, maxChunks: number): Promise<StoreChunksResult>;
  register(claim: ValueClaim): Promise<Manifest>;
  /** Distinct chunks stored, and their bytes. */
  usage(): Promise<{ chunks: number; bytes: number }>;
  /** Resolves once no write (ingest, chunk pack, registration) is in flight: each has committed or rolled back. */
  writesSettled(): Promise<void>;
  /** How many writes are in flight now. */
  writesInFlight(): number;
  readonly maxChunk: number;
}

export function createContentStore(deps: ContentDeps): ContentStore {
  const now = deps.now ?? Date.now;
  const ctx: ContentContext = {
    blobs: deps.blobs,
    blake3: deps.blake3,
    sha256: deps.sha256,
    params: deps.params ?? chunkParams(),
    packSize: deps.packSize ?? 16 * 1024 * 1024,
    index: new ChunkIndex(deps.blobs, now, deps.refreshMs ?? 10_000),
  };

  // Writes in flight, so a shutdown can wait for each to commit or roll back.
  const writes = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    writes.add(work);
    const done = () => writes.delete(work);
    work.then(done, done);
    return work;
  };

  return {
    open: () => ctx.index.refresh(),
    ingest: (source, expect) => track(ingestValue(ctx, source, expect)),
    async manifest(sha256) {
      const key = layout.value(sha256);
      const data = await ctx.blobs.read(key);
      return data && decodeManifest(data, `the manifest of sha256:${sha256}`);
    },
    read: (manifest, start, end) => readValue(ctx, manifest, start, end),
    readChunks: (manifest, indexes) => readChunks(ctx, indexes.map((i) => manifest.chunks[i]!)),
    async missing(hashes) {
      const out: number[] = [];
      for (let i = 0; i < hashes.length; i++) if (!(await ctx.index.find(hashes[i]!))) out.push(i);
      return out;
    },
    storeChunks: (body, maxChunks) => track(storeChunks(ctx, body, maxChunks)),
    register: (claim) => track(registerValue(ctx, claim)),
    async usage() {
      await ctx.index.refresh();
      return ctx.index.usage();
    },
    writesInFlight: () => writes.size,
    async writesSettled() {
      while (writes.size > 0) await Promise.allSettled([...writes]);
    },
    maxChunk: ctx.params.max,
  };
}

/** The Xet hex of a manifest's hashes, as the wire and the CLI print them. */
export function describeManifest(sha256: string, m: Manifest): { oid: string; size: number; xetHash: string; chunks: Array<{ hash: string; length: number }> } {
  return { oid: `sha256:${sha256}`, size: m.size, xetHash: toXetHex(m.xetHash), chunks: m.chunks.map((c) => ({ hash: toXetHex(c.hash), length: c.length })) };
}
