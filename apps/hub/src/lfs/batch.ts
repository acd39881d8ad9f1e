// POST …/info/lfs/objects/batch. Uploads: objects the project already has get no actions (the
// client skips them). Downloads: objects the project lacks get a per-object 404 error. Clients
// that offer the `xetcache-chunks` transfer get chunk-API links (docs/chunk-protocol.md).

import type { Request, Response } from 'express';
import { HubError, badRequest } from '../errors.js';
import { checkOid, checkSize } from '../names.js';
import { hasProjectObject } from '../project-objects.js';
import type { HubContext } from '../http/context.js';
import { requireProject } from '../http/auth.js';
import { bodyOf } from '../http/json-body.js';
import { baseUrl, lfsUrl } from '../http/links.js';
import { sendLfs } from './media.js';

export const CHUNK_TRANSFER = 'xetcache-chunks';
const EXPIRES_IN = 3600;

interface BatchObject {
  oid: string;
  size: number;
}

function parseObjects(value: unknown, max: number, maxSize: number): BatchObject[] {
  if (!Array.isArray(value) || value.length === 0) throw badRequest('objects must be a non-empty array of { oid, size }');
  if (value.length > max) throw new HubError('ETOOLARGE', `at most ${max} objects per batch request`);
  const seen = new Map<string, BatchObject>();
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) throw badRequest('each object is { oid, size }');
    const { oid, size } = item as Record<string, unknown>;
    const o = { oid: checkOid(oid), size: checkSize(size, maxSize) };
    if (!seen.has(o.oid)) seen.set(o.oid, o);
  }
  return [...seen.values()];
}

function parseTransfers(value: unknown): string[] {
  if (value === undefined) return ['basic'];
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) throw badRequest('transfers must be an array of strings');
  return value as string[];
}

export function batchRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = bodyOf(req);
    const operation = body.operation;
    if (operation !== 'upload' && operation !== 'download') throw badRequest('operation must be "upload" or "download"');
    if (body.hash_algo !== undefined && body.hash_algo !== 'sha256') {
      throw new HubError('EHASHALGO', `hash_algo ${JSON.stringify(String(body.hash_algo).slice(0, 40))} is not supported; this hub uses sha256`);
    }
    const transfers = parseTransfers(body.transfers);
    const objects = parseObjects(body.objects, ctx.limits.maxBatchObjects, ctx.limits.maxObjectSize);
    const { project } = await requireProject(ctx, req, res, operation === 'upload' ? 'write' : 'read');

    const transfer = transfers.includes(CHUNK_TRANSFER) ? CHUNK_TRANSFER : 'basic';
    const lfs = lfsUrl(baseUrl(req, ctx.publicUrl), project);
    // The client's own credentials, so it can follow the links without asking again.
    const header: Record<string, string> = {};
    const authorization = req.get('authorization');
    if (authorization) header.Authorization = authorization;
    const action = (href: string) => ({ href, header, expires_in: EXPIRES_IN });

    const answers = await Promise.all(
      objects.map(async ({ oid, size }) => {
        const manifest = (await hasProjectObject(ctx.blobs, project, oid)) ? await ctx.content.manifest(oid) : undefined;
        if (manifest && manifest.size !== size) {
          return { oid, size, error: { code: 422, message: `the object has ${manifest.size} bytes, not ${size}` } };
        }
        if (operation === 'download') {
          if (!manifest) return { oid, size, error: { code: 404, message: 'object does not exist' } };
          const href = transfer === CHUNK_TRANSFER ? `${lfs}/chunks/values/${oid}` : `${lfs}/objects/${oid}`;
          return { oid, size, authenticated: true, actions: { download: action(href) } };
        }
        if (manifest) return { oid, size, authenticated: true };
        const upload = transfer === CHUNK_TRANSFER ? `${lfs}/chunks/values/${oid}` : `${lfs}/objects/${oid}?size=${size}`;
        return { oid, size, authenticated: true, actions: { upload: action(upload), verify: action(`${lfs}/verify`) } };
      }),
    );
    sendLfs(res, 200, { transfer, objects: answers, hash_algo: 'sha256' });
  };
}
