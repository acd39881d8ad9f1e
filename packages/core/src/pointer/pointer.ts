import { XetcacheError } from '../errors.js';

/** A git-LFS v1 pointer: the object id and byte size of the content it stands for. */
export interface LfsPointer {
  /** `sha256:` followed by 64 lowercase hex digits. */
  oid: string;
  size: number;
}

/** The only version URL written; parsers compare it as a plain string (spec). */
export const POINTER_VERSION_URL = 'https://git-lfs.github.com/spec/v1';

/**
 * Exclusive upper bound on a pointer's byte length: git-lfs treats any blob of
 * 1024 bytes or more as content, never as a pointer.
 */
export const MAX_POINTER_SIZE = 1024;

/** Oid of zero-length content. Git-LFS encodes that pointer as the empty file. */
export const EMPTY_CONTENT_OID = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const OID_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Throws EBADPOINTER unless `oid` is `sha256:` + 64 lowercase hex, the only form git-lfs writes. */
export function assertPointerOid(oid: unknown): asserts oid is string {
  if (typeof oid !== 'string' || !OID_PATTERN.test(oid)) {
    throw new XetcacheError('EBADPOINTER', `pointer: oid must be sha256:<64 lowercase hex>, got ${quote(oid)}`, {
      oid,
    });
  }
}

/** Quotes a value for an error message; JSON escaping keeps control characters visible. */
export function quote(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}
