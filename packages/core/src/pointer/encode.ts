import { XetcacheError } from '../errors.js';
import { EMPTY_CONTENT_OID, POINTER_VERSION_URL, assertPointerOid, quote, type LfsPointer } from './pointer.js';

/**
 * Encodes `p` exactly as git-lfs does, so the pointer blob (and thus the git
 * tree) is identical whichever tool produced it:
 *
 *   version https://git-lfs.github.com/spec/v1\noid sha256:<hex>\nsize <n>\n
 *
 * Zero-length content is the exception: git-lfs's canonical pointer for it is
 * the empty string (the empty file is its own pointer), and
 * `git lfs pointer --check --strict` rejects the three-line form.
 */
export function encodePointer(p: LfsPointer): string {
  assertPointerOid(p.oid);
  if (!Number.isSafeInteger(p.size) || p.size < 0) {
    throw new XetcacheError('EBADPOINTER', `pointer: size is not a non-negative safe integer: ${quote(p.size)}`, {
      size: p.size,
    });
  }
  if (p.size === 0) {
    // The empty encoding cannot carry an oid, so any other oid would be silently lost.
    if (p.oid !== EMPTY_CONTENT_OID) {
      throw new XetcacheError(
        'EBADPOINTER',
        `pointer: size 0 requires oid ${EMPTY_CONTENT_OID}, got ${quote(p.oid)}`,
        { oid: p.oid },
      );
    }
    return '';
  }
  return `version ${POINTER_VERSION_URL}\noid ${p.oid}\nsize ${p.size}\n`;
}
