// The BLAKE3 keys Xet (xet-core, merklehash) uses to separate its hash domains. They are part of
// the wire format: changing one changes every chunk hash and file hash.

/** Keys the hash of a chunk's bytes. */
export const DATA_KEY = new Uint8Array([
  102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43, 88, 180,
  208, 176, 75, 147, 173, 242, 41,
]);

/** Keys the hash of an internal merkle node (a list of child hashes and lengths). */
export const NODE_KEY = new Uint8Array([
  1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230, 93, 221, 83, 111, 55, 199, 109, 210, 248,
  99, 82, 230, 74, 83, 113, 63,
]);

/** File hash = keyed hash of the merkle root with this salt (all zero for files). */
export const FILE_SALT = new Uint8Array(32);
