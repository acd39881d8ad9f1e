// Reading chunks back: runs of chunks that sit next to each other in one pack are fetched with
// one ranged read (up to 8 MiB), the next run is fetched while the current one is handed out,
// and every chunk is checked against its BLAKE3 hash before any of its bytes leave.

import { DATA_KEY } from '@xetcache/core';
import { HubError } from '../errors.js';
import { layout } from '../layout.js';
import { collect } from '../storage/port.js';
import type { ContentContext } from './context.js';
import type { Manifest, ManifestChunk } from './manifest.js';

const MAX_RUN = 8 * 1024 * 1024;

export interface ChunkRead {
  chunk: ManifestChunk;
  /** The chunk's verified bytes. */
  data: Uint8Array;
}

function runs(chunks: ManifestChunk[]): ManifestChunk[][] {
  const out: ManifestChunk[][] = [];
  let run: ManifestChunk[] = [];
  let runBytes = 0;
  for (const c of chunks) {
    const last = run[run.length - 1];
    if (last && (last.pack !== c.pack || last.offset + last.length !== c.offset || runBytes + c.length > MAX_RUN)) {
      out.push(run);
      run = [];
      runBytes = 0;
    }
    run.push(c);
    runBytes += c.length;
  }
  if (run.length) out.push(run);
  return out;
}

async function readRun(ctx: ContentContext, run: ManifestChunk[]): Promise<Uint8Array[]> {
  const first = run[0]!;
  const length = run.reduce((n, c) => n + c.length, 0);
  const body = await ctx.blobs.get(layout.pack(first.pack), { offset: first.offset, length });
  const bytes = body && (await collect(body));
  if (bytes && bytes.length === length) {
    const out: Uint8Array[] = [];
    let at = 0;
    for (const c of run) {
      out.push(bytes.subarray(at, at + c.length));
      at += c.length;
    }
    return out;
  }
  // The pack moved (or was damaged): fall back, chunk by chunk, to where the index says it is now.
  return Promise.all(run.map((c) => readMoved(ctx, c)));
}

async function readMoved(ctx: ContentContext, chunk: ManifestChunk): Promise<Uint8Array> {
  const at = await ctx.index.find(chunk.hash);
  const body = at && (await ctx.blobs.get(layout.pack(at.pack), { offset: at.offset, length: at.length }));
  const bytes = body && (await collect(body));
  if (!bytes || bytes.length !== chunk.length) {
    throw new HubError('EINTEGRITY', `a chunk of a stored value is missing from the hub's storage`);
  }
  return bytes;
}

/** Verified chunks, in order. */
export async function* readChunks(ctx: ContentContext, chunks: ManifestChunk[]): AsyncGenerator<ChunkRead> {
  const verify = ctx.blake3.keyed(DATA_KEY);
  const todo = runs(chunks);
  let next = todo.length ? readRun(ctx, todo[0]!) : undefined;
  for (let i = 0; i < todo.length; i++) {
    const pieces = await next!;
    next = i + 1 < todo.length ? readRun(ctx, todo[i + 1]!) : undefined;
    // Keep a failing prefetch from surfacing as an unhandled rejection if we stop early.
    next?.catch(() => undefined);
    const run = todo[i]!;
    for (let j = 0; j < run.length; j++) {
      const chunk = run[j]!;
      const data = pieces[j]!;
      if (!Buffer.from(verify(data)).equals(chunk.hash)) {
        throw new HubError('EINTEGRITY', `a chunk of a stored value does not match its hash`);
      }
      yield { chunk, data };
    }
  }
}

/** The bytes `[start, end)` of a value (all of it by default), verified chunk by chunk. */
export async function* readValue(ctx: ContentContext, manifest: Manifest, start = 0, end = manifest.size): AsyncGenerator<Uint8Array> {
  if (start >= end) return;
  let offset = 0;
  let first = 0;
  while (first < manifest.chunks.length && offset + manifest.chunks[first]!.length <= start) {
    offset += manifest.chunks[first]!.length;
    first++;
  }
  let last = first;
  let through = offset;
  while (last < manifest.chunks.length && through < end) {
    through += manifest.chunks[last]!.length;
    last++;
  }
  // Chunks read together lie side by side in one buffer: hand them on as one view, so a
  // response is written in megabytes rather than in 64 KiB pieces.
  let pending: Uint8Array | undefined;
  for await (const { data } of readChunks(ctx, manifest.chunks.slice(first, last))) {
    const from = Math.max(0, start - offset);
    const to = Math.min(data.length, end - offset);
    offset += data.length;
    if (to <= from) continue;
    const piece = data.subarray(from, to);
    if (pending && pending.buffer === piece.buffer && pending.byteOffset + pending.length === piece.byteOffset && pending.length < MAX_RUN) {
      pending = new Uint8Array(pending.buffer, pending.byteOffset, pending.length + piece.length);
      continue;
    }
    if (pending) yield pending;
    pending = piece;
  }
  if (pending) yield pending;
}
