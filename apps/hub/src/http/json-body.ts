// JSON request bodies: only with a JSON media type (git-lfs sends application/vnd.git-lfs+json),
// at most `limit` bytes, and an object at the top. Anything else is a 4xx before a route runs.

import express, { type NextFunction, type Request, type Response } from 'express';
import { HubError } from '../errors.js';

const isJsonType = (req: Request): boolean => {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
};

export function jsonBody(limit: number) {
  const parse = express.json({ limit, strict: true, type: () => true });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isJsonType(req)) {
      return next(new HubError('EMEDIATYPE', `expected a JSON body (application/vnd.git-lfs+json or application/json), got ${JSON.stringify((req.get('content-type') ?? 'none').slice(0, 80))}`));
    }
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
        return next(new HubError('EBADREQUEST', 'the body must be a JSON object'));
      }
      next();
    });
  };
}

/** The parsed body, as a plain record to pick fields from. */
export const bodyOf = (req: Request): Record<string, unknown> => req.body as Record<string, unknown>;
