// POST …/info/lfs/verify {oid, size}: after an upload, git-lfs asks whether the object is there.

import type { Request, Response } from 'express';
import { notFound } from '../errors.js';
import { checkOid, checkSize } from '../names.js';
import { hasProjectObject } from '../project-objects.js';
import type { HubContext } from '../http/context.js';
import { requireProject } from '../http/auth.js';
import { bodyOf } from '../http/json-body.js';
import { sendLfs } from './media.js';

export function verifyRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = bodyOf(req);
    const oid = checkOid(body.oid);
    const size = checkSize(body.size, ctx.limits.maxObjectSize);
    const { project } = await requireProject(ctx, req, res, 'write');
    const manifest = (await hasProjectObject(ctx.blobs, project, oid)) ? await ctx.content.manifest(oid) : undefined;
    if (!manifest || manifest.size !== size) throw notFound(`object sha256:${oid} of ${size} bytes is not on the hub`);
    sendLfs(res, 200, {});
  };
}
