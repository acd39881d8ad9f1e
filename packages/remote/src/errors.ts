// The one error class of @xetcache/remote. Callers ask about `code` (or one of the questions
// below), never about the message, which is for people and never holds a token or a signed URL.

import { XetcacheError } from '@xetcache/core';

export type RemoteErrorCode =
  | 'EUNAUTHORIZED' // HTTP 401: the server wants credentials, or did not accept the ones sent
  | 'EFORBIDDEN' // HTTP 403: wrong or insufficient credentials
  | 'ENOTFOUND' // HTTP 404 (410): no such repository or object
  | 'ERATELIMITED' // HTTP 429: too many requests; retried after Retry-After
  | 'EUNAVAILABLE' // HTTP 500, 502, 503, 504: the server is failing for now; retried
  | 'EHTTP' // any other HTTP error status (data.status says which); not retried
  | 'ETIMEOUT' // no response headers in time
  | 'ESTALLED' // a response body that delivered nothing for too long
  | 'ENETWORK' // refused, reset, unknown host, a connection broken mid-body
  | 'EPROTOCOL' // the server answered something the protocol does not allow
  | 'EINTEGRITY' // downloaded bytes whose size or SHA-256 is not the object's
  | 'EEXPIRED' // a transfer action that has expired and could not be renewed
  | 'EABORTED' // the caller's AbortSignal fired
  | 'EINVAL'; // an argument that cannot be right

export class RemoteError extends XetcacheError {
  declare readonly code: RemoteErrorCode;
  constructor(code: RemoteErrorCode, message: string, data: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, data);
    this.name = 'RemoteError';
    // Kept off the message: a cause from fetch can name the URL it was given.
    if (options?.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }
}

const RETRIABLE = new Set<string>(['ERATELIMITED', 'EUNAVAILABLE', 'ETIMEOUT', 'ESTALLED', 'ENETWORK']);

/** Whether the same request may succeed if sent again later (git-lfs's IsRetriableError). */
export function isRetriable(err: unknown): boolean {
  return err instanceof RemoteError && RETRIABLE.has(err.code);
}

/** The server refused the credentials, or wants some: asking again with the same ones will not help. */
export function isAuthFailure(err: unknown): boolean {
  return err instanceof RemoteError && (err.code === 'EUNAUTHORIZED' || err.code === 'EFORBIDDEN');
}

/** Nothing came, or nothing more came, in time. */
export function isTimeout(err: unknown): boolean {
  return err instanceof RemoteError && (err.code === 'ETIMEOUT' || err.code === 'ESTALLED');
}

/** The caller gave up (its AbortSignal fired). */
export function isAborted(err: unknown): boolean {
  return err instanceof RemoteError && err.code === 'EABORTED';
}

/** The error code an HTTP status maps to, for responses and for LFS per-object errors alike. */
export function codeForStatus(status: number): RemoteErrorCode {
  switch (status) {
    case 401:
      return 'EUNAUTHORIZED';
    case 403:
      return 'EFORBIDDEN';
    case 404:
    case 410:
      return 'ENOTFOUND';
    case 429:
      return 'ERATELIMITED';
    case 500:
    case 502:
    case 503:
    case 504:
      return 'EUNAVAILABLE';
    default:
      return 'EHTTP';
  }
}
