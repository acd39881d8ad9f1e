// A whole value arrives (a git-LFS upload): it is chunked and hashed on the way in, new chunks go
// to packs, and only when its SHA-256 and size match what it was sent for are the packs
// published and the manifest written. A mismatch, a body that breaks off, or a body past its
// size leaves nothing behind.

import { fromHex, fromXetHex, hashChunks } from '@xetcache/core';
import { HubError } from '../errors.js';
import { layout } from '../layout.js';
import type { ContentContext } from './context.js';
import { encodeManifest, type Manifest, type ManifestChunk } from './manifest.js';
import { PackBuilder } from './pack-builder.js';

export interface IngestExpectation {
  /** Hex SHA-256 the bytes must have. */
  sha256: string;
  /** The size they must have, when known up front. */
  size?: number;
  /** Refuse more bytes than this. */
  maxSize: number;
}

export interface IngestResult {
  manifest: Manifest;
  /** Bytes of chunks the hub did not have before. */
  newBytes: number;
  newChunks: number;
}

async function* bounded(source: AsyncIterable<Uint8Array>, expect: IngestExpectation): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const piece of source) {
    seen += piece.length;
    if (expect.size !== undefined && seen > expect.size) {
      throw new HubError('EHASH', `the upload has more bytes than its size, ${expect.size}`);
    }
    if (seen > expect.maxSize) throw new HubError('ETOOLARGE', `the upload is larger than this hub accepts (${expect.maxSize} bytes)`);
    yield piece;
  }
}

export async function ingestValue(ctx: ContentContext, source: AsyncIterable<Uint8Array>, expect: IngestExpectation): Promise<IngestResult> {
  const builder = new PackBuilder(ctx);
  const chunks: ManifestChunk[] = [];
  try {
    const it = hashChunks(bounded(source, expect), { blake3: ctx.blake3, sha256: ctx.sha256, params: ctx.params });
    let step = await it.next();
    while (!step.done) {
      const { hash, data } = step.value;
      const at = await builder.add(hash, data);
      chunks.push({ hash: new Uint8Array(hash), ...at });
      step = await it.next();
    }
    const digest = step.value;
    const sha256 = digest.oid.slice('sha256:'.length);
    if (sha256 !== expect.sha256) {
      throw new HubError('EHASH', `the uploaded bytes hash to sha256:${sha256}, not to the oid they were sent for`);
    }
    if (expect.size !== undefined && digest.size !== expect.size) {
      throw new HubError('EHASH', `the upload has ${digest.size} bytes, not its size ${expect.size}`);
    }
    await builder.publish();
    const manifest: Manifest = { size: digest.size, sha256: fromHex(sha256), xetHash: fromXetHex(digest.xetHash), chunks };
    // Written once: a value already there (a racing upload of the same bytes) is kept.
    await ctx.blobs.put(layout.value(sha256), encodeManifest(manifest), { ifAbsent: true });
    return { manifest, newBytes: builder.newBytes, newChunks: builder.newChunks };
  } catch (err) {
    await builder.discard();
    throw err;
  }
}
