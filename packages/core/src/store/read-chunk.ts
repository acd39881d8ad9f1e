// One chunk's bytes by its hash, whichever value it came from: a client fetching a value from
// the hub asks for the chunks it lacks (hasChunk, from the index alone) and reads the others here.

import { DATA_KEY } from '../hash/xet-keys.js';
import { fromXetHex } from '../hash/hex.js';
import type { StoredChunk } from './chunk-index.js';
import type { StoreContext } from './context.js';
import { layout } from './layout.js';

/** The chunk's bytes, checked against its hash; undefined if the store lacks it or holds it damaged. */
export async function readChunk(ctx: StoreContext, xetHex: string): Promise<Uint8Array | undefined> {
  const hash = fromXetHex(xetHex);
  // The index is refreshed only when it does not know the chunk or its pack has gone (compacted
  // by another process, which may have moved the chunk to a new pack).
  const known = ctx.index.get(hash);
  if (known) {
    const bytes = await readAt(ctx, hash, known);
    if (bytes !== 'gone') return bytes;
  }
  await ctx.index.refresh();
  const where = ctx.index.get(hash);
  if (!where) return undefined;
  const bytes = await readAt(ctx, hash, where);
  return bytes === 'gone' ? undefined : bytes;
}

/** The bytes at `where` if they match the hash; undefined if they do not; 'gone' if the pack is. */
async function readAt(ctx: StoreContext, hash: Uint8Array, where: StoredChunk): Promise<Uint8Array | undefined | 'gone'> {
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readRange(layout.pack(where.pack), where.offset, where.length);
  } catch {
    return 'gone';
  }
  if (bytes.length !== where.length) return undefined;
  return sameHash(ctx.blake3.keyed(DATA_KEY)(bytes), hash) ? bytes : undefined;
}

/** The most bytes read at once by readChunks. */
const MAX_RUN = 4 * 1024 * 1024;

/**
 * Chunks by their hashes, in order, each verified (undefined where absent or damaged): runs of
 * chunks that lie one after the other in a pack are read in one go, as a value reads its own.
 */
export async function* readChunks(ctx: StoreContext, xetHexes: readonly string[]): AsyncGenerator<Uint8Array | undefined> {
  const hashes = xetHexes.map(fromXetHex);
  let places = hashes.map((h) => ctx.index.get(h));
  if (places.some((p) => !p)) {
    await ctx.index.refresh();
    places = hashes.map((h) => ctx.index.get(h));
  }
  const check = ctx.blake3.keyed(DATA_KEY);
  for (let i = 0; i < hashes.length; ) {
    const first = places[i];
    if (!first) {
      yield undefined;
      i++;
      continue;
    }
    let j = i + 1;
    let end = first.offset + first.length;
    while (j < hashes.length) {
      const next = places[j];
      if (!next || next.pack !== first.pack || next.offset !== end || end + next.length - first.offset > MAX_RUN) break;
      end += next.length;
      j++;
    }
    let run: Uint8Array | undefined;
    try {
      run = await ctx.fs.readRange(layout.pack(first.pack), first.offset, end - first.offset);
    } catch {
      run = undefined; // the pack has gone: each chunk is looked for again below
    }
    for (let at = 0; i < j; i++) {
      const { length } = places[i]!;
      const bytes = run && run.length >= at + length ? run.subarray(at, at + length) : undefined;
      at += length;
      if (bytes && sameHash(check(bytes), hashes[i]!)) yield bytes;
      else yield await readChunk(ctx, xetHexes[i]!);
    }
  }
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether the chunk index lists the chunk. Its bytes are not read, so damage goes unseen here,
 * and the index is refreshed only on a miss: a chunk another process compacted away a moment ago
 * may still count as held. readChunk is the final word.
 */
export async function hasChunk(ctx: StoreContext, xetHex: string): Promise<boolean> {
  const hash = fromXetHex(xetHex);
  if (ctx.index.get(hash)) return true;
  await ctx.index.refresh();
  return ctx.index.get(hash) !== undefined;
}
