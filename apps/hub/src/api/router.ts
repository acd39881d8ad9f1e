// /api: who am I, users, tokens, projects.
//   GET  /api/whoami                         → { user, email, admin }
//   POST /api/users    { name, email?, admin? }            site admins  → { user, token }
//   POST /api/tokens   { user?, project?, scope? }         → { token, id, user, project, scope }
//   GET  /api/projects                        → the projects the caller can read
//   POST /api/projects { name: "owner/name" } → 201 { owner, name, url, lfsUrl }
//   GET  /api/projects/:owner/:project        → { owner, name, url, lfsUrl, access }
//   GET  /api/stats                            site admins  → { storage: { chunks, bytes }, counters, writesInFlight }

import express, { type Request, type Response } from 'express';
import { accessTo, atLeast, isSiteAdmin, mayCreateUnder } from '../accounts/access.js';
import { SCOPES, type Scope } from '../accounts/types.js';
import { HubError, badRequest, forbidden, notFound } from '../errors.js';
import { checkName, parseProjectName, projectId, type ProjectName } from '../names.js';
import type { HubContext } from '../http/context.js';
import { principalOf, projectOf, requireAuth } from '../http/auth.js';
import { bodyOf, jsonBody } from '../http/json-body.js';
import { baseUrl, lfsUrl } from '../http/links.js';

function checkEmail(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(value)) throw badRequest('email must look like name@host');
  return value;
}

function checkScope(value: unknown): Scope | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !SCOPES.includes(value as Scope)) throw badRequest('scope must be read, write or admin');
  return value as Scope;
}

export function apiRouter(ctx: HubContext): express.Router {
  const router = express.Router();
  const json = jsonBody(ctx.limits.maxJsonBody);
  const links = (req: Request, p: ProjectName) => {
    const base = baseUrl(req, ctx.publicUrl);
    return { url: `${base}/${p.owner}/${p.name}.git`, lfsUrl: lfsUrl(base, p) };
  };

  router.get('/whoami', (_req, res) => {
    const { user } = principalOf(res);
    res.json({ user: user.name, email: user.email, admin: user.admin });
  });

  router.post('/users', requireAuth, json, async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const body = bodyOf(req);
    const name = checkName('user', body.name);
    const email = checkEmail(body.email);
    if (body.admin !== undefined && typeof body.admin !== 'boolean') throw badRequest('admin must be true or false');
    if (!isSiteAdmin(principal)) throw forbidden('adding users needs a site admin');
    const user = await ctx.accounts.addUser({ name, email, admin: body.admin === true });
    const { token, record } = await ctx.accounts.createToken({ user: name });
    res.status(201).json({ user: user.name, email: user.email, admin: user.admin, token, tokenId: record.id });
  });

  router.post('/tokens', requireAuth, json, async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const body = bodyOf(req);
    const user = body.user === undefined ? principal.user.name : checkName('user', body.user);
    const project = body.project === undefined || body.project === null ? null : parseProjectName(body.project);
    const scope = checkScope(body.scope);
    if (project && !scope) throw badRequest('a project token needs a scope: read, write or admin');
    // Site admins grant anything; a project's admins grant access to it; anyone may make
    // themselves a token no stronger than the one they use.
    const allowed =
      isSiteAdmin(principal) ||
      (project !== null && atLeast(accessTo(principal, project), 'admin')) ||
      (user === principal.user.name && principal.token.project === null && principal.token.scope === null);
    if (!allowed) throw forbidden(project ? `granting access to ${projectId(project)} needs admin access to it` : 'creating tokens for other users needs a site admin');
    if (project && !(await ctx.projects.get(project))) throw notFound(`no project ${projectId(project)}`);
    const { token, record } = await ctx.accounts.createToken({ user, project: project && projectId(project), scope });
    res.status(201).json({ token, id: record.id, user: record.user, project: record.project, scope: record.scope });
  });

  router.get('/projects', async (req, res) => {
    const principal = principalOf(res);
    const visible = (await ctx.projects.list()).filter((p) => atLeast(accessTo(principal, p), 'read'));
    res.json(visible.map((p) => ({ owner: p.owner, name: p.name, ...links(req, p), access: accessTo(principal, p) })));
  });

  router.post('/projects', requireAuth, json, async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const project = parseProjectName(bodyOf(req).name);
    if (!mayCreateUnder(principal, project.owner)) throw forbidden(`creating projects under ${project.owner} needs that user's token or a site admin`);
    const l = links(req, project);
    await ctx.projects.create(project, principal.user.name, { lfsUrl: l.lfsUrl });
    res.status(201).json({ owner: project.owner, name: project.name, ...l });
  });

  router.get('/projects/:owner/:project', async (req, res) => {
    const principal = principalOf(res);
    const project = projectOf(req);
    const access = accessTo(principal, project);
    if (!atLeast(access, 'read')) throw new HubError('EFORBIDDEN', `no access to ${projectId(project)}`);
    if (!(await ctx.projects.get(project))) throw notFound(`no project ${projectId(project)}`);
    res.json({ owner: project.owner, name: project.name, ...links(req, project), access });
  });

  router.get('/stats', async (_req, res) => {
    if (!isSiteAdmin(principalOf(res))) throw forbidden('stats need a site admin');
    res.json({ storage: await ctx.content.usage(), counters: ctx.counters, writesInFlight: ctx.content.writesInFlight() });
  });

  return router;
}
