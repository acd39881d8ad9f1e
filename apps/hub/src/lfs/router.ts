// The git-LFS API and the chunk API of one project, mounted at /:owner/:project/info/lfs (the
// project with or without `.git`, as git-lfs derives it from either form of remote URL).

import express from 'express';
import { chunkDataRoute, manifestRoute, missingRoute, packsRoute, registerRoute } from '../chunks/routes.js';
import type { HubContext } from '../http/context.js';
import { requireAuth } from '../http/auth.js';
import { jsonBody } from '../http/json-body.js';
import { batchRoute } from './batch.js';
import { createLockRoute, listLocksRoute, unlockRoute, verifyLocksRoute } from './locks.js';
import { downloadRoute, uploadRoute } from './transfer.js';
import { verifyRoute } from './verify.js';

// Chunk lists of large values: ~90 bytes of JSON per 64 KiB chunk, so 64 MiB covers ~45 GB.
const MANIFEST_BODY_LIMIT = 64 * 1024 * 1024;

export function lfsRouter(ctx: HubContext): express.Router {
  const router = express.Router({ mergeParams: true });
  const json = jsonBody(ctx.limits.maxJsonBody);
  // Credentials first: an anonymous request gets 401 (and git-lfs asks for credentials)
  // before anything about its body is judged.
  router.use(requireAuth);

  router.post('/objects/batch', json, batchRoute(ctx));
  router.get('/objects/:oid', downloadRoute(ctx));
  router.put('/objects/:oid', uploadRoute(ctx));
  router.post('/verify', json, verifyRoute(ctx));

  router.post('/locks', json, createLockRoute(ctx));
  router.get('/locks', listLocksRoute(ctx));
  router.post('/locks/verify', json, verifyLocksRoute(ctx));
  router.post('/locks/:id/unlock', json, unlockRoute(ctx));

  router.post('/chunks/missing', jsonBody(MANIFEST_BODY_LIMIT), missingRoute(ctx));
  router.post('/chunks/packs', packsRoute(ctx));
  router.put('/chunks/values/:oid', jsonBody(MANIFEST_BODY_LIMIT), registerRoute(ctx));
  router.get('/chunks/values/:oid', manifestRoute(ctx));
  router.get('/chunks/values/:oid/data', chunkDataRoute(ctx));
  return router;
}
