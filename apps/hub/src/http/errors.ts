// Every failure becomes a JSON `{ message }` with the status of its code (errors.ts). Errors from
// express's body parsing are client errors and keep their 4xx; anything unknown is a 500 whose
// details go to the log, not to the client.

import type { NextFunction, Request, Response } from 'express';
import { HTTP_STATUS, HubError, isHubError } from '../errors.js';

const LFS_JSON = 'application/vnd.git-lfs+json';

interface ParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

function toHubError(err: unknown): HubError {
  if (isHubError(err)) return err;
  const e = err as ParserError & { code?: string };
  if (e?.code === 'EINVAL') return new HubError('EBADREQUEST', e.message ?? 'invalid input');
  if (e?.code === 'EINTEGRITY') return new HubError('EINTEGRITY', 'stored data failed its integrity check');
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    switch (e.type) {
      case 'entity.parse.failed':
        return new HubError('EBADREQUEST', 'the body is not valid JSON');
      case 'entity.too.large':
        return new HubError('ETOOLARGE', 'the body is larger than this hub accepts here');
      case 'request.aborted':
      case 'request.size.invalid':
        return new HubError('EBADREQUEST', 'the body is shorter than its Content-Length');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new HubError('EMEDIATYPE', e.message ?? 'unsupported body encoding');
    }
    const code = (Object.keys(HTTP_STATUS) as Array<keyof typeof HTTP_STATUS>).find((c) => HTTP_STATUS[c] === status) ?? 'EBADREQUEST';
    return new HubError(code, e.expose && e.message ? e.message : 'bad request');
  }
  return new HubError('EINTERNAL', 'internal error');
}

export function errorHandler(log: (line: string) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const hubError = toHubError(err);
    const status = HTTP_STATUS[hubError.code];
    if (status >= 500) log(`error: ${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) {
      // Mid-stream: the only honest signal left is a cut connection.
      res.destroy();
      return;
    }
    if (status === 401) {
      res.set('LFS-Authenticate', 'Basic realm="xetcache"');
      res.set('WWW-Authenticate', 'Basic realm="xetcache"');
    }
    const body: Record<string, unknown> = { message: hubError.message };
    for (const key of ['missing', 'lock'] as const) if (hubError.data[key] !== undefined) body[key] = hubError.data[key];
    if (status === 503) res.set('Retry-After', '5');
    if (hubError.code === 'ERANGE' && typeof hubError.data.size === 'number') res.set('Content-Range', `bytes */${hubError.data.size}`);
    // A request whose body was not read (refused early) cannot share its connection with the next.
    const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
    if (hasBody && !req.complete) res.set('Connection', 'close');
    res.status(status).type(req.path.includes('/info/lfs') ? LFS_JSON : 'application/json');
    res.send(JSON.stringify(body));
  };
}

export function notFoundHandler(req: Request): never {
  throw new HubError('ENOTFOUND', `no route ${req.method} ${req.path.slice(0, 200)}`);
}
