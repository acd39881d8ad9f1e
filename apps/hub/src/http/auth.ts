// Who is asking. HTTP Basic `user:token` (what git and git-lfs send) or `Bearer token`.
// No credentials: 401 with LFS-Authenticate, so git and git-lfs ask for some. Wrong ones: 403,
// never 401, or a credential helper that repeats them makes git-lfs retry forever.

import type { NextFunction, Request, Response } from 'express';
import { accessTo, atLeast } from '../accounts/access.js';
import type { Principal, Scope } from '../accounts/types.js';
import { HubError } from '../errors.js';
import { checkName, projectId, type ProjectName } from '../names.js';
import type { HubContext } from './context.js';

function credentials(header: string): { user?: string; token: string } | undefined {
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { user: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
  }
  if (/^bearer$/i.test(scheme ?? '')) return { token: value };
  return undefined;
}

/** Resolves the principal of a request into res.locals; answers 403 to credentials that do not match. */
export function authenticate(ctx: HubContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization');
    if (!header) return next();
    const given = credentials(header);
    const principal = given && (await ctx.accounts.authenticate(given.user, given.token));
    if (!principal) throw new HubError('EFORBIDDEN', 'wrong user name or token');
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new HubError('EUNAUTHENTICATED', 'credentials required: HTTP Basic user:token, or Bearer token');
  return principal;
}

/** Middleware: 401 for a request without credentials, before its body is read. */
export function requireAuth(_req: Request, res: Response, next: NextFunction): void {
  principalOf(res);
  next();
}

/** The project a route names (`:owner/:project`, with or without `.git`). */
export function projectOf(req: Request): ProjectName {
  const params = req.params as Record<string, string | undefined>;
  const project = (params.project ?? '').replace(/\.git$/, '');
  return { owner: checkName('owner', params.owner), name: checkName('project', project) };
}

/**
 * The request's project, once its principal may act on it with `need`. Rights are checked
 * before existence, so nobody learns which projects exist outside their rights.
 */
export async function requireProject(ctx: HubContext, req: Request, res: Response, need: Scope): Promise<{ project: ProjectName; principal: Principal }> {
  const principal = principalOf(res);
  const project = projectOf(req);
  const access = accessTo(principal, project);
  if (!atLeast(access, need)) {
    throw new HubError('EFORBIDDEN', access === 'none' ? `no access to ${projectId(project)}` : `${need} access to ${projectId(project)} needed; this token has ${access}`);
  }
  if (!(await ctx.projects.get(project))) throw new HubError('ENOTFOUND', `no project ${projectId(project)}`);
  return { project, principal };
}
