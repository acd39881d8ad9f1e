// The git-LFS locking API: create, list (with cursor), verify (ours and theirs before a push),
// unlock, and unlock --force (admins of the project only).

import type { Request, Response } from 'express';
import { accessTo, atLeast } from '../accounts/access.js';
import { HubError, badRequest, notFound } from '../errors.js';
import type { HubContext } from '../http/context.js';
import { requireProject } from '../http/auth.js';
import { bodyOf } from '../http/json-body.js';
import type { Lock } from './lock-store.js';
import { sendLfs } from './media.js';

const MAX_LIMIT = 100;

function checkPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096 || value.includes('\0')) {
    throw badRequest('path must be a file path of 1 to 4096 characters');
  }
  return value;
}

function checkLimit(value: unknown): number {
  if (value === undefined || value === '') return MAX_LIMIT;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) throw badRequest('limit must be a whole number from 1');
  return Math.min(n, MAX_LIMIT);
}

function checkCursor(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[0-9a-f]{32}$/.test(value)) throw badRequest('invalid cursor');
  return value;
}

/** One page of locks: those from `cursor` on, and where the next page starts. */
function page(locks: Lock[], cursor: string | undefined, limit: number): { items: Lock[]; next?: string } {
  const from = cursor ? locks.findIndex((l) => l.id >= cursor) : 0;
  const rest = from < 0 ? [] : locks.slice(from);
  const items = rest.slice(0, limit);
  const next = rest[limit]?.id;
  return next ? { items, next } : { items };
}

export function createLockRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const path = checkPath(bodyOf(req).path);
    const { project, principal } = await requireProject(ctx, req, res, 'write');
    try {
      const lock = await ctx.locks.create(project, path, principal.user.name);
      sendLfs(res, 201, { lock });
    } catch (err) {
      if (err instanceof HubError && err.code === 'ECONFLICT' && err.data.lock) {
        sendLfs(res, 409, { lock: err.data.lock, message: 'already created lock' });
        return;
      }
      throw err;
    }
  };
}

export function listLocksRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = req.query as Record<string, unknown>;
    const path = q.path === undefined ? undefined : checkPath(q.path);
    const id = q.id === undefined ? undefined : checkCursor(q.id);
    const cursor = checkCursor(q.cursor);
    const limit = checkLimit(q.limit);
    const { project } = await requireProject(ctx, req, res, 'read');
    const all = (await ctx.locks.list(project)).filter((l) => (path === undefined || l.path === path) && (id === undefined || l.id === id));
    const { items, next } = page(all, cursor, limit);
    sendLfs(res, 200, next ? { locks: items, next_cursor: next } : { locks: items });
  };
}

export function verifyLocksRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = bodyOf(req);
    const cursor = checkCursor(body.cursor);
    const limit = checkLimit(body.limit);
    const { project, principal } = await requireProject(ctx, req, res, 'write');
    const { items, next } = page(await ctx.locks.list(project), cursor, limit);
    const me = principal.user.name;
    const answer = { ours: items.filter((l) => l.owner.name === me), theirs: items.filter((l) => l.owner.name !== me) };
    sendLfs(res, 200, next ? { ...answer, next_cursor: next } : answer);
  };
}

export function unlockRoute(ctx: HubContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = bodyOf(req);
    const id = checkCursor(req.params.id);
    if (!id) throw badRequest('invalid lock id');
    if (body.force !== undefined && typeof body.force !== 'boolean') throw badRequest('force must be true or false');
    const { project, principal } = await requireProject(ctx, req, res, 'write');
    const lock = await ctx.locks.get(project, id);
    if (!lock) throw notFound(`no lock ${id}`);
    if (lock.owner.name !== principal.user.name) {
      if (body.force !== true) throw new HubError('EFORBIDDEN', `the lock belongs to ${lock.owner.name}; unlocking it needs --force`);
      if (!atLeast(accessTo(principal, project), 'admin')) throw new HubError('EFORBIDDEN', 'unlock --force needs admin access to the project');
    }
    await ctx.locks.remove(project, lock);
    sendLfs(res, 200, { lock });
  };
}
