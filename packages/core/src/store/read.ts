// Reading a value: its manifest, then its chunks in order, each checked against its BLAKE3 hash
// before a byte of it is handed out. Neighbouring chunks in one pack are read in one go, and the
// next run is read while the current one is checked and consumed.

import { XetcacheError } from '../errors.js';
import { DATA_KEY } from '../hash/xet-keys.js';
import { toXetHex } from '../hash/hex.js';
import { decodeManifest, type Manifest, type ManifestEntry } from './codec/manifest.js';
import { layout } from './layout.js';
import type { StoreContext } from './context.js';

// Each run is a fresh buffer (what is handed out stays valid), so garbage waiting for the
// collector is a multiple of this; from 2 MiB up, larger reads were no faster here.
const MAX_READ = 2 * 1024 * 1024;

export interface ReadRange {
  offset?: number;
  length?: number;
}

export function sha256Hex(oid: string): string {
  const hex = oid.startsWith('sha256:') ? oid.slice(7) : oid;
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new XetcacheError('EINVAL', `not a sha256 oid: '${oid.slice(0, 80)}'`);
  return hex;
}

export async function readManifest(ctx: StoreContext, oid: string): Promise<Manifest | undefined> {
  const hex = sha256Hex(oid);
  const bytes = await ctx.fs.readFile(layout.manifest(hex));
  if (!bytes) return undefined;
  const manifest = decodeManifest(ctx.blake3, bytes, `manifest of sha256:${hex}`);
  if (manifest.sha256 !== hex) {
    throw new XetcacheError('EINTEGRITY', `manifest of sha256:${hex} describes sha256:${manifest.sha256}`);
  }
  return manifest;
}

/** Read one run of chunks that sit back to back in one pack. */
async function readRun(ctx: StoreContext, run: ManifestEntry[]): Promise<Uint8Array> {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const length = last.offset + last.length - first.offset;
  try {
    const bytes = await ctx.fs.readRange(layout.pack(first.pack), first.offset, length);
    if (bytes.length === length) return bytes;
  } catch (err) {
    if ((err as XetcacheError).code !== 'ENOTFOUND') throw err;
  }
  // The pack was rewritten by gc since the manifest was written: ask the index.
  await ctx.index.refresh();
  const out = new Uint8Array(length);
  let at = 0;
  for (const entry of run) {
    const where = ctx.index.get(entry.hash);
    if (!where) {
      throw new XetcacheError('ENOTFOUND', `chunk ${toXetHex(entry.hash)} is missing from the store`, {
        chunk: toXetHex(entry.hash),
      });
    }
    out.set(await ctx.fs.readRange(layout.pack(where.pack), where.offset, where.length), at);
    at += entry.length;
  }
  return out;
}

function runs(chunks: ManifestEntry[]): ManifestEntry[][] {
  const out: ManifestEntry[][] = [];
  let cur: ManifestEntry[] = [];
  let bytes = 0;
  for (const c of chunks) {
    const prev = cur[cur.length - 1];
    const adjacent = prev && prev.pack === c.pack && prev.offset + prev.length === c.offset;
    if (prev && (!adjacent || bytes + c.length > MAX_READ)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(c);
    bytes += c.length;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** The bytes of a value (or of a range of it), verified chunk by chunk. */
export async function* readValue(
  ctx: StoreContext,
  oid: string,
  manifest: Manifest,
  range: ReadRange = {},
): AsyncGenerator<Uint8Array> {
  const from = range.offset ?? 0;
  const to = Math.min(manifest.size, range.length === undefined ? manifest.size : from + range.length);
  if (from < 0 || from > manifest.size || to < from) {
    throw new XetcacheError('EINVAL', `range ${from}+${range.length} outside a value of ${manifest.size} bytes`);
  }
  // Only the chunks that overlap the range.
  const wanted: ManifestEntry[] = [];
  let start = 0;
  let firstStart = 0;
  for (const c of manifest.chunks) {
    if (start + c.length > from && start < to) {
      if (!wanted.length) firstStart = start;
      wanted.push(c);
    }
    start += c.length;
  }
  const check = ctx.blake3.keyed(DATA_KEY);
  let pos = firstStart;
  const list = runs(wanted);
  let ahead = list.length > 0 ? readRun(ctx, list[0]!) : undefined;
  for (let r = 0; r < list.length; r++) {
    const run = list[r]!;
    const bytes = await ahead!;
    ahead = r + 1 < list.length ? readRun(ctx, list[r + 1]!) : undefined;
    // A failed read-ahead surfaces when its turn comes, or never if the reader stops first.
    ahead?.catch(() => {});
    let at = 0;
    for (const c of run) {
      const data = bytes.subarray(at, at + c.length);
      const hash = check(data);
      if (!equal(hash, c.hash)) {
        throw new XetcacheError('EINTEGRITY', `${oid}: chunk ${toXetHex(c.hash)} is damaged (pack ${c.pack}); run verify --repair`, {
          oid,
          chunk: toXetHex(c.hash),
          pack: c.pack,
        });
      }
      const lo = Math.max(from - pos, 0);
      const hi = Math.min(to - pos, c.length);
      if (hi > lo) yield lo === 0 && hi === c.length ? data : data.subarray(lo, hi);
      pos += c.length;
      at += c.length;
    }
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
