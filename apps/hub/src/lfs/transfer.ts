// The basic transfer: GET an object (with Range → 206) and PUT one. A PUT streams into the
// content store, which checks the bytes against the oid and size before anything becomes
// visible: a mismatch is a 400 (never 422, which git-lfs would skip silently).

import type { Request, Response } from 'express';
import { HubError, notFound } from '../errors.js';
import { checkOid, parseSize } from '../names.js';
import { addProjectObject, hasProjectObject } from '../project-objects.js';
import type { HubContext } from '../http/context.js';
import { requireProject } from '../http/auth.js';
import { parseRange } from '../http/range.js';
import { sendStream } from '../http/send-stream.js';
import { sendLfs } from './media.js';

export function downloadRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { project } = await requireProject(ctx, req, res, 'read');
    const oid = checkOid(req.params.oid);
    const manifest = (await hasProjectObject(ctx.blobs, project, oid)) ? await ctx.content.manifest(oid) : undefined;
    if (!manifest) throw notFound('object does not exist');
    const range = parseRange(req.get('range'), manifest.size);
    res.set('Accept-Ranges', 'bytes');
    res.type('application/octet-stream');
    if (range) {
      res.status(206);
      res.set('Content-Range', `bytes ${range.start}-${range.end - 1}/${manifest.size}`);
      res.set('Content-Length', String(range.end - range.start));
    } else {
      res.status(200);
      res.set('Content-Length', String(manifest.size));
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? manifest.size;
    await sendStream(req, res, ctx.content.read(manifest, start, end));
    if (res.writableFinished) {
      ctx.counters.downloads++;
      ctx.counters.downloadedBytes += end - start;
    }
  };
}

export function uploadRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { project } = await requireProject(ctx, req, res, 'write');
    const oid = checkOid(req.params.oid);
    const max = ctx.limits.maxObjectSize;
    const encoding = req.get('content-encoding');
    if (encoding && encoding.toLowerCase() !== 'identity') throw new HubError('EMEDIATYPE', `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not accepted for objects`);
    const sizeParam = typeof req.query.size === 'string' ? parseSize(req.query.size, max) : undefined;
    if (req.query.size !== undefined && typeof req.query.size !== 'string') throw new HubError('EBADREQUEST', 'one size, please');
    const lengthHeader = req.get('content-length');
    const contentLength = lengthHeader === undefined ? undefined : parseSize(lengthHeader, max);
    if (sizeParam !== undefined && contentLength !== undefined && sizeParam !== contentLength) {
      throw new HubError('EHASH', `Content-Length ${contentLength} is not the object's size ${sizeParam}`);
    }
    const size = sizeParam ?? contentLength;
    const { manifest } = await ctx.content.ingest(req, { sha256: oid, size, maxSize: max });
    await addProjectObject(ctx.blobs, project, oid);
    ctx.counters.uploads++;
    ctx.counters.uploadedBytes += manifest.size;
    sendLfs(res, 200, {});
  };
}
