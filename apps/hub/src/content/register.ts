// A chunk client registers a value by listing its chunks. The hub finds each one, reads them all
// back in order (each checked against its hash) and writes the manifest only when they
// reassemble to the claimed SHA-256 and size: a manifest that would not is never stored.

import { fromHex, xetFileHash } from '@xetcache/core';
import { HubError } from '../errors.js';
import { layout } from '../layout.js';
import type { ContentContext } from './context.js';
import { encodeManifest, type Manifest, type ManifestChunk } from './manifest.js';
import { readChunks } from './read.js';

export interface ValueClaim {
  sha256: string;
  size: number;
  chunks: Array<{ hash: Uint8Array; length: number }>;
}

async function locate(ctx: ContentContext, claim: ValueClaim): Promise<{ chunks: ManifestChunk[]; missing: number[]; total: number }> {
  const chunks: ManifestChunk[] = [];
  const missing: number[] = [];
  let total = 0;
  for (let i = 0; i < claim.chunks.length; i++) {
    const c = claim.chunks[i]!;
    const at = await ctx.index.find(c.hash);
    if (!at) {
      missing.push(i);
      continue;
    }
    if (at.length !== c.length) throw new HubError('EHASH', `chunk ${i} has ${at.length} bytes, not ${c.length}`, { index: i });
    chunks.push({ hash: c.hash, ...at });
    total += c.length;
  }
  return { chunks, missing, total };
}

export async function registerValue(ctx: ContentContext, claim: ValueClaim): Promise<Manifest> {
  let found = await locate(ctx, claim);
  if (found.missing.length) {
    // The chunks may have gone up through another hub on the same storage a moment ago: look
    // at every pack index there is now before calling them missing.
    await ctx.index.catchUp();
    found = await locate(ctx, claim);
  }
  const { chunks, missing, total } = found;
  if (missing.length) {
    throw new HubError('EBADREQUEST', `the hub lacks ${missing.length} of the value's chunks; upload them first`, { missing });
  }
  if (total !== claim.size) throw new HubError('EHASH', `the chunks add up to ${total} bytes, not the value's size ${claim.size}`);

  const sha = ctx.sha256();
  for await (const { data } of readChunks(ctx, chunks)) {
    sha.update(data);
    await sha.settled();
  }
  const actual = Buffer.from(await sha.digest()).toString('hex');
  if (actual !== claim.sha256) {
    throw new HubError('EHASH', `the chunks reassemble to sha256:${actual}, not to the value's oid`);
  }
  const manifest: Manifest = {
    size: claim.size,
    sha256: fromHex(claim.sha256),
    xetHash: xetFileHash(ctx.blake3, chunks),
    chunks,
  };
  await ctx.blobs.put(layout.value(claim.sha256), encodeManifest(manifest), { ifAbsent: true });
  return manifest;
}
