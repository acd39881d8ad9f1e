// The xetcache-chunks transfer (docs/chunk-protocol.md), under a project's LFS URL:
//   POST chunks/missing          { hashes }            → { missing }      which chunks the hub lacks
//   POST chunks/packs            chunk frames          → { received, stored, storedBytes }
//   PUT  chunks/values/:oid      { size, chunks }      → { oid, size, xetHash }   register a value
//   GET  chunks/values/:oid                            → { oid, size, xetHash, chunks }
//   GET  chunks/values/:oid/data?chunks=0-4,9-12       → chunk frames of those chunks

import type { Request, Response } from 'express';
import { fromXetHex } from '@xetcache/core';
import { HubError, badRequest, notFound } from '../errors.js';
import { checkOid, checkSize } from '../names.js';
import { addProjectObject, hasProjectObject } from '../project-objects.js';
import { describeManifest } from '../content/content-store.js';
import { frameHeader } from '../content/frames.js';
import type { Manifest } from '../content/manifest.js';
import type { HubContext } from '../http/context.js';
import { requireProject } from '../http/auth.js';
import { bodyOf } from '../http/json-body.js';
import { sendStream } from '../http/send-stream.js';
import { sendLfs } from '../lfs/media.js';

export const CHUNKS_MEDIA_TYPE = 'application/vnd.xetcache.chunks';
const HASH = /^[0-9a-f]{64}$/;

function checkHashes(value: unknown, max: number, what = 'hashes'): Uint8Array[] {
  if (!Array.isArray(value)) throw badRequest(`${what} must be an array of chunk hashes`);
  if (value.length > max) throw new HubError('ETOOLARGE', `at most ${max} chunks per request`);
  return value.map((h, i) => {
    if (typeof h !== 'string' || !HASH.test(h)) throw badRequest(`${what}[${i}] is not a chunk hash (64 lowercase hex digits)`);
    return fromXetHex(h);
  });
}

/** `0-4,9-12` (inclusive, like HTTP byte ranges) → chunk indexes, each below `count`. */
export function parseChunkRanges(text: unknown, count: number, max: number): number[] {
  if (typeof text !== 'string' || !/^\d{1,9}(-\d{1,9})?(,\d{1,9}(-\d{1,9})?)*$/.test(text)) {
    throw badRequest('chunks must look like "0-4,9-12" (chunk indexes, inclusive)');
  }
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [a, b = a] = part.split('-').map(Number) as [number, number?];
    if (b! < a || b! >= count) throw new HubError('ERANGE', `chunk range ${part} is outside the value's ${count} chunks`, {});
    if (out.length + (b! - a + 1) > max) throw new HubError('ETOOLARGE', `at most ${max} chunks per request`);
    for (let i = a; i <= b!; i++) out.push(i);
  }
  return out;
}

async function projectValue(ctx: HubContext, req: Request, res: Response): Promise<{ oid: string; manifest: Manifest }> {
  const { project } = await requireProject(ctx, req, res, 'read');
  const oid = checkOid(req.params.oid);
  const manifest = (await hasProjectObject(ctx.blobs, project, oid)) ? await ctx.content.manifest(oid) : undefined;
  if (!manifest) throw notFound('object does not exist');
  return { oid, manifest };
}

export function missingRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const hashes = checkHashes(bodyOf(req).hashes, ctx.limits.maxChunksPerRequest);
    await requireProject(ctx, req, res, 'write');
    const missing = await ctx.content.missing(hashes);
    const given = bodyOf(req).hashes as string[];
    sendLfs(res, 200, { missing: missing.map((i) => given[i]) });
  };
}

export function packsRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await requireProject(ctx, req, res, 'write');
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== CHUNKS_MEDIA_TYPE) throw new HubError('EMEDIATYPE', `a chunk pack is sent as ${CHUNKS_MEDIA_TYPE}`);
    const result = await ctx.content.storeChunks(req, ctx.limits.maxChunksPerRequest);
    ctx.counters.chunksReceived += result.received;
    ctx.counters.chunksStored += result.stored;
    sendLfs(res, 200, result);
  };
}

export function registerRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const oid = checkOid(req.params.oid);
    const body = bodyOf(req);
    const size = checkSize(body.size, ctx.limits.maxObjectSize);
    if (!Array.isArray(body.chunks)) throw badRequest('chunks must be an array of { hash, length }');
    const chunks = (body.chunks as unknown[]).map((c, i) => {
      const { hash, length } = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
      const [h] = checkHashes([hash], 1, `chunks[${i}].hash`);
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > ctx.content.maxChunk) {
        throw badRequest(`chunks[${i}].length must be 1 to ${ctx.content.maxChunk}`);
      }
      return { hash: h!, length };
    });
    const { project } = await requireProject(ctx, req, res, 'write');
    const stored = await ctx.content.manifest(oid);
    let manifest: Manifest;
    if (stored) {
      // Already on the hub: the claim must be that value's exact chunk list.
      const same = stored.size === size && stored.chunks.length === chunks.length && stored.chunks.every((c, i) => c.length === chunks[i]!.length && Buffer.from(c.hash).equals(chunks[i]!.hash));
      if (!same) throw new HubError('EHASH', 'the chunk list is not that of the stored value with this oid');
      manifest = stored;
    } else {
      manifest = await ctx.content.register({ sha256: oid, size, chunks });
    }
    await addProjectObject(ctx.blobs, project, oid);
    const { xetHash } = describeManifest(oid, manifest);
    sendLfs(res, 200, { oid: `sha256:${oid}`, size: manifest.size, xetHash });
  };
}

export function manifestRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { oid, manifest } = await projectValue(ctx, req, res);
    sendLfs(res, 200, describeManifest(oid, manifest));
  };
}

export function chunkDataRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { manifest } = await projectValue(ctx, req, res);
    const indexes = parseChunkRanges(req.query.chunks, manifest.chunks.length, ctx.limits.maxChunksPerRequest);
    const payload = indexes.reduce((n, i) => n + manifest.chunks[i]!.length, 0);
    res.status(200).type(CHUNKS_MEDIA_TYPE).set('Content-Length', String(payload + 36 * indexes.length));
    const frames = async function* () {
      for await (const { chunk, data } of ctx.content.readChunks(manifest, indexes)) {
        yield frameHeader(chunk.hash, data.length);
        yield data;
      }
    };
    await sendStream(req, res, frames());
    if (res.writableFinished) {
      ctx.counters.chunksSent += indexes.length;
      ctx.counters.chunksSentBytes += payload;
    }
  };
}
