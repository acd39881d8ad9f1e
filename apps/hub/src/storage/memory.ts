// The in-memory twin of the storage port: for tests, and the reference the conformance suite
// holds the other backends to.

import { checkKey, checkPrefix } from './keys.js';
import type { BlobRange, BlobSource, BlobStore } from './port.js';
import { collect } from './port.js';

export interface MemoryBlobStore extends BlobStore {
  /** Every key held, for tests that check nothing was left behind. */
  keys(): string[];
}

async function bytesOf(body: BlobSource): Promise<Uint8Array> {
  // A copy: a Buffer's slice() is a view, and the caller may reuse its buffer.
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return collect(body);
}

export function createMemoryBlobStore(): MemoryBlobStore {
  const blobs = new Map<string, Uint8Array>();

  const slice = (data: Uint8Array, range?: BlobRange): Uint8Array => {
    if (!range) return data;
    const start = Math.min(range.offset, data.length);
    return data.subarray(start, Math.min(data.length, start + range.length));
  };

  return {
    async put(key, body, options) {
      checkKey(key);
      const data = await bytesOf(body);
      // Checked after the body is in, as S3 does: two racing ifAbsent puts, one wins.
      if (options?.ifAbsent && blobs.has(key)) return false;
      blobs.set(key, data);
      return true;
    },
    async get(key, range) {
      const data = blobs.get(checkKey(key));
      if (!data) return undefined;
      const piece = slice(data, range);
      return (async function* () {
        if (piece.length) yield piece.slice();
      })();
    },
    async read(key) {
      return blobs.get(checkKey(key))?.slice();
    },
    async stat(key) {
      const data = blobs.get(checkKey(key));
      return data && { size: data.length };
    },
    async *list(prefix) {
      checkPrefix(prefix);
      const keys = [...blobs.keys()].filter((k) => k.startsWith(prefix)).sort();
      yield* keys;
    },
    async delete(key) {
      blobs.delete(checkKey(key));
    },
    keys: () => [...blobs.keys()].sort(),
  };
}
