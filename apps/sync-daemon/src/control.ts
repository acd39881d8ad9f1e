// The daemon's control API, on 127.0.0.1 only: GET /status, POST /sync (now, not at the next
// interval), POST /stop. Every request carries the control token from control.json (a file only
// its user can read), and a Host naming the loopback address, so neither another local user nor
// a web page (DNS rebinding) can drive the daemon.

import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { DaemonStatus } from './status.js';

export interface ControlDeps {
  token: string;
  status(): Promise<DaemonStatus>;
  syncNow(): void;
  stop(): void;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

export function createControlApp(deps: ControlDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
      res.status(403).json({ message: 'the daemon answers on the loopback address only' });
      return;
    }
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !sameToken(given, deps.token)) {
      res.status(401).json({ message: 'the control token (daemon/control.json) is required' });
      return;
    }
    next();
  });
  app.get('/status', async (_req, res) => {
    res.json(await deps.status());
  });
  app.post('/sync', (_req, res) => {
    deps.syncNow();
    res.status(202).json({ message: 'syncing' });
  });
  app.post('/stop', (_req, res) => {
    res.status(202).json({ message: 'stopping' });
    deps.stop();
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ message: 'not found: the daemon serves /status, /sync and /stop' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ message: (err as Error)?.message ?? 'internal error' });
  });
  return app;
}
