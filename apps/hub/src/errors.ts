// The one error class of the hub, its stable codes, and the one table that maps a code to an
// HTTP status. Routes throw; the error middleware (http/errors.ts) answers `{ message }`.

export type HubErrorCode =
  | 'EBADREQUEST' // malformed input: JSON, names, oids, sizes, ranges, bodies
  | 'EHASH' // uploaded bytes do not match the oid, size or chunk hash they were sent for
  | 'EUNAUTHENTICATED' // no credentials at all
  | 'EFORBIDDEN' // wrong credentials, or not enough rights
  | 'ENOTFOUND' // no such project, object, user, lock or route
  | 'ECONFLICT' // already exists: user, project, lock
  | 'EHASHALGO' // a batch asking for a hash algorithm other than sha256
  | 'ETOOLARGE' // a body or object over the hub's limits
  | 'EMEDIATYPE' // a body of the wrong content type
  | 'ERANGE' // a Range outside the object
  | 'EUNAVAILABLE' // the hub is shutting down
  | 'EINTEGRITY' // stored bytes no longer match their hash: the hub's damage, not the client's
  | 'EINTERNAL';

export const HTTP_STATUS: Readonly<Record<HubErrorCode, number>> = {
  EBADREQUEST: 400,
  EHASH: 400, // never 422: git-lfs reads 422 from an upload as "skip this object" and goes on
  EUNAUTHENTICATED: 401,
  EFORBIDDEN: 403,
  ENOTFOUND: 404,
  ECONFLICT: 409,
  EHASHALGO: 409, // what the git-LFS batch spec answers to an unsupported hash_algo
  ETOOLARGE: 413,
  EMEDIATYPE: 415,
  ERANGE: 416,
  EUNAVAILABLE: 503,
  EINTEGRITY: 500,
  EINTERNAL: 500,
};

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly data: Record<string, unknown>;
  constructor(code: HubErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.data = data;
  }
}

export const isHubError = (err: unknown, code?: HubErrorCode): err is HubError =>
  err instanceof HubError && (code === undefined || err.code === code);

export const badRequest = (message: string, data?: Record<string, unknown>): HubError => new HubError('EBADREQUEST', message, data);
export const notFound = (message: string, data?: Record<string, unknown>): HubError => new HubError('ENOTFOUND', message, data);
export const forbidden = (message: string): HubError => new HubError('EFORBIDDEN', message);
