// The key layer of memo(): canonical argument encoding, function identity and key strings. Pure
// code, no hashing library: callers pass the hash function (keyed BLAKE3, for instance).

export { memoKey, type MemoKey, type MemoKeyParts, type MemoKeyOptions } from './memo-key.js';
export { blockKey } from './block-key.js';
export { encodeValue } from './encode.js';
export { explainMiss } from './explain.js';
export { KEY_FORMAT_VERSION } from './format.js';
