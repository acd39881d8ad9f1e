// Git smart HTTP for /:owner/:project(.git)/…: info/refs (advertisement), git-upload-pack
// (fetch, clone; protocol v2 too) and git-receive-pack (push, write access). The dumb protocol
// is not served.

import type { ChildProcess } from 'node:child_process';
import express, { type Request, type Response } from 'express';
import { HubError, notFound } from '../errors.js';
import type { HubContext } from '../http/context.js';
import { requireProject } from '../http/auth.js';
import { projectId } from '../names.js';
import { runHttpBackend } from './http-backend.js';
import { repoExists } from './repos.js';

const SERVICES = new Set(['git-upload-pack', 'git-receive-pack']);

export function gitRouter(ctx: HubContext, children: Set<ChildProcess>): express.Router {
  const router = express.Router({ mergeParams: true });

  const serve = (service: string, needs: (req: Request) => 'read' | 'write') => async (req: Request, res: Response) => {
    const { project, principal } = await requireProject(ctx, req, res, needs(req));
    if (!(await repoExists(ctx.reposDir, project))) throw notFound(`project ${projectId(project)} has no repository on this hub`);
    await runHttpBackend(req, res, { reposDir: ctx.reposDir, project, service, user: principal.user.name, processEnv: ctx.processEnv, children });
  };

  router.get(
    '/info/refs',
    (req, _res, next) => {
      const service = req.query.service;
      if (typeof service !== 'string' || !SERVICES.has(service)) {
        throw new HubError('EBADREQUEST', 'only smart HTTP is served: info/refs?service=git-upload-pack or git-receive-pack');
      }
      next();
    },
    serve('info/refs', (req) => (req.query.service === 'git-receive-pack' ? 'write' : 'read')),
  );
  router.post('/git-upload-pack', serve('git-upload-pack', () => 'read'));
  router.post('/git-receive-pack', serve('git-receive-pack', () => 'write'));
  return router;
}
