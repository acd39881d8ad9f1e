// git-LFS answers in its own media type; git-lfs reads JSON bodies (errors included) only with it.

import type { Response } from 'express';

export const LFS_MEDIA_TYPE = 'application/vnd.git-lfs+json';

export function sendLfs(res: Response, status: number, body: unknown): void {
  res.status(status).type(LFS_MEDIA_TYPE).send(JSON.stringify(body));
}
