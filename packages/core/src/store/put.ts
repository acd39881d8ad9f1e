// Storing a value: chunk and hash the stream, append chunks the store lacks to packs, publish
// the packs, then publish the manifest. The manifest is the commit point: until it exists the
// value is not there, and everything it names is already durable.

import { XetcacheError } from '../errors.js';
import { toHex, fromXetHex } from '../hash/hex.js';
import type { ByteSource } from '../chunking/chunker.js';
import { encodeManifest, type ManifestEntry } from './codec/manifest.js';
import { writeFileAtomic } from './fs/port.js';
import { layout } from './layout.js';
import { PackWriter } from './pack-writer.js';
import { asWriter } from './locks.js';
import type { StoreContext } from './context.js';

export interface PutResult {
  oid: string;
  size: number;
  xetHash: string;
  chunks: number;
  /** Chunks and bytes this put added to the store (the rest were already there). */
  newChunks: number;
  newBytes: number;
}

export interface PutOptions {
  /** Called as bytes go through, for progress reports. */
  onProgress?: (event: { processed: number; stored: number }) => void;
  /** Reject the value unless its oid is this one (an LFS upload says what it sends). */
  expectOid?: string;
  expectSize?: number;
}

export function putValue(ctx: StoreContext, source: ByteSource, options: PutOptions = {}): Promise<PutResult> {
  return asWriter(ctx, async () => {
    await ctx.index.refresh();
    const entries: ManifestEntry[] = [];
    const fresh = new Map<string, { pack: string; offset: number }>();
    let pack: PackWriter | undefined;
    let newBytes = 0;
    let processed = 0;
    const sealed: PackWriter[] = [];
    const seal = async () => {
      if (!pack) return;
      ctx.index.add(pack.id, await pack.seal(ctx.blake3));
      sealed.push(pack);
      pack = undefined;
    };
    try {
      const it = ctx.hashChunks(source, { blake3: ctx.blake3, sha256: ctx.sha256, params: ctx.params });
      let step = await it.next();
      while (!step.done) {
        const { data, hash } = step.value;
        const key = toHex(hash);
        let at = fresh.get(key) ?? ctx.index.get(hash);
        if (!at) {
          if (pack && pack.size + data.length > ctx.packSize) await seal();
          pack ??= await PackWriter.open(ctx.fs, ctx.durable);
          at = { pack: pack.id, offset: await pack.add(hash, data) };
          fresh.set(key, at);
          newBytes += data.length;
        }
        entries.push({ hash, length: data.length, pack: at.pack, offset: at.offset });
        processed += data.length;
        options.onProgress?.({ processed, stored: newBytes });
        step = await it.next();
      }
      const digest = step.value;
      if (options.expectSize !== undefined && digest.size !== options.expectSize) {
        throw new XetcacheError('EINTEGRITY', `size mismatch: expected ${options.expectSize} bytes, got ${digest.size}`);
      }
      if (options.expectOid !== undefined && digest.oid !== options.expectOid) {
        throw new XetcacheError('EINTEGRITY', `hash mismatch: expected ${options.expectOid}, got ${digest.oid}`);
      }
      await seal();
      const sha256 = digest.oid.slice('sha256:'.length);
      const manifest = encodeManifest(ctx.blake3, {
        size: digest.size,
        sha256,
        xetHash: fromXetHex(digest.xetHash),
        chunkTarget: ctx.params.target,
        chunks: entries,
      });
      await writeFileAtomic(ctx.fs, layout.manifest(sha256), manifest, { durable: ctx.durable });
      return {
        oid: digest.oid,
        size: digest.size,
        xetHash: digest.xetHash,
        chunks: entries.length,
        newChunks: fresh.size,
        newBytes,
      };
    } catch (err) {
      // Packs already sealed stay: they are valid, indexed, and a later put reuses their chunks.
      await pack?.abort();
      throw err;
    }
  });
}
