// The one error class of @xetcache/core. Callers ask about `code`, never about the message text.

export type ErrorCode =
  | 'EINTEGRITY' // stored bytes do not match their hash
  | 'ENOTFOUND' // no such value or chunk
  | 'EBADPOINTER' // a git-LFS pointer that does not follow the spec
  | 'EBADFORMAT' // a store file (manifest, pack index) that cannot be decoded
  | 'EINVAL' // an argument out of range
  | 'ELOCKED' // another process holds a lock the operation needs
  | 'EUNKEYABLE' // a memo argument that cannot be turned into a key (function, symbol, cycle)
  | 'ESERIALIZER' // no serializer by that name, or none that accepts the value
  | 'EBADENTRY'; // a cache-project entry (metadata file) that cannot be read

export class XetcacheError extends Error {
  readonly code: string;
  readonly data: Record<string, unknown>;
  constructor(code: ErrorCode | string, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'XetcacheError';
    this.code = code;
    this.data = data;
  }
}

export function isIntegrityError(err: unknown): boolean {
  return err instanceof XetcacheError && err.code === 'EINTEGRITY';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof XetcacheError && err.code === 'ENOTFOUND';
}
