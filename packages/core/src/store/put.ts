// Storing a value: chunk and hash the stream, append chunks the store lacks to packs, publish
// the packs, then publish the manifest. The manifest is the commit point: until it exists the
// value is not there, and everything it names is already durable.

import { XetcacheError } from '../errors.js';
import { fromXetHex } from '../hash/hex.js';
import type { ByteSource } from '../chunking/chunker.js';
import { ManifestBuilder } from './codec/manifest.js';
import { writeFileAtomic } from './fs/port.js';
import { layout } from './layout.js';
import { PackWriter } from './pack-writer.js';
import { asWriter } from './locks.js';
import { chunkKey } from './chunk-index.js';
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

// Full packs are published (fsync, rename, index) in the background while hashing goes on; past
// this many at once the put waits for the oldest, so a slow disk still holds it back.
const SEALING = 2;

export function putValue(ctx: StoreContext, source: ByteSource, options: PutOptions = {}): Promise<PutResult> {
  return asWriter(ctx, async () => {
    await ctx.index.refresh();
    const manifest = new ManifestBuilder();
    // Chunks this put stored, by key: the number of their pack among `packIds`, times 2^32, plus
    // their offset. A number rather than an object each, as the map grows with the value.
    const fresh = new Map<string, number>();
    const packIds: string[] = [];
    let pack: PackWriter | undefined;
    let newBytes = 0;
    let processed = 0;
    const sealing: Array<Promise<void>> = [];
    let sealFailure: unknown;
    // A pack is published in the background; only the manifest must wait for all of them.
    const seal = async () => {
      if (!pack) return;
      const full = pack;
      pack = undefined;
      while (sealing.length >= SEALING) await sealing.shift();
      const done = full.seal(ctx.blake3).then(
        (written) => ctx.index.add(full.id, written),
        (err: unknown) => {
          sealFailure ??= err;
        },
      );
      sealing.push(done);
    };
    const sealed = async () => {
      await Promise.all(sealing.splice(0));
      if (sealFailure !== undefined) throw sealFailure;
    };
    const it = ctx.hashChunks(source, { blake3: ctx.blake3, sha256: ctx.sha256, params: ctx.params });
    try {
      let step = await it.next();
      while (!step.done) {
        const { data, hash } = step.value;
        const key = chunkKey(hash);
        const mine = fresh.get(key);
        if (mine !== undefined) {
          manifest.add(hash, data.length, packIds[Math.floor(mine / 2 ** 32)]!, mine % 2 ** 32);
        } else {
          const known = ctx.index.getByKey(key);
          if (known) {
            manifest.add(hash, data.length, known.pack, known.offset);
          } else {
            if (pack && pack.size + data.length > ctx.packSize) await seal();
            if (sealFailure !== undefined) throw sealFailure;
            if (!pack) {
              pack = await PackWriter.open(ctx.fs, ctx.durable);
              packIds.push(pack.id);
            }
            const offset = await pack.add(hash, data);
            fresh.set(key, (packIds.length - 1) * 2 ** 32 + offset);
            manifest.add(hash, data.length, pack.id, offset);
            newBytes += data.length;
          }
        }
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
      await sealed();
      const sha256 = digest.oid.slice('sha256:'.length);
      const encoded = manifest.finish(ctx.blake3, {
        size: digest.size,
        sha256,
        xetHash: fromXetHex(digest.xetHash),
        chunkTarget: ctx.params.target,
      });
      await writeFileAtomic(ctx.fs, layout.manifest(sha256), encoded, { durable: ctx.durable });
      return {
        oid: digest.oid,
        size: digest.size,
        xetHash: digest.xetHash,
        chunks: manifest.chunks,
        newChunks: fresh.size,
        newBytes,
      };
    } catch (err) {
      // Stop the hasher (its workers and the source) and let packs in flight finish: those
      // sealed stay, valid and indexed, for a later put to reuse.
      await it.return(undefined as never).catch(() => {});
      await Promise.all(sealing);
      await pack?.abort();
      throw err;
    }
  });
}
