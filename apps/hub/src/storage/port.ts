// The hub's storage port: named blobs, written whole and atomically, read whole or by range,
// listed by key prefix. Nothing more, so that a filesystem, memory and S3 all provide it: no
// rename, no directories, no appends. Keys come from layout.ts only and are checked by keys.ts;
// the layout never uses a key as the folder of another (a disk could not hold both).

export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

export interface BlobStat {
  size: number;
}

export interface BlobRange {
  offset: number;
  length: number;
}

export interface PutOptions {
  /** Store only if nothing is at the key yet (S3 `If-None-Match: *`); the answer says whether it was stored. */
  ifAbsent?: boolean;
}

export interface BlobStore {
  /**
   * Store the whole body at `key`, replacing what was there unless `ifAbsent`. Readers see the
   * old blob or the new one, never part of one; when the body fails, nothing changes.
   * Resolves false only when `ifAbsent` found something there.
   */
  put(key: string, body: BlobSource, options?: PutOptions): Promise<boolean>;
  /** The blob's bytes (or `length` bytes at `offset`, fewer at its end), or undefined when missing. */
  get(key: string, range?: BlobRange): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** A small blob, whole; undefined when missing. */
  read(key: string): Promise<Uint8Array | undefined>;
  stat(key: string): Promise<BlobStat | undefined>;
  /** Every key that starts with `prefix`, in ascending order. */
  list(prefix: string): AsyncIterable<string>;
  /** Remove a blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** Collect an iterable of pieces into one array. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const piece of source) {
    parts.push(piece);
    size += piece.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
