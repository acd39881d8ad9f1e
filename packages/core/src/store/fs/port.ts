// The storage port under the chunk store: a handful of file operations that a local disk, an
// in-memory map or a browser's storage can all provide. Paths are relative, '/'-separated and
// produced by store/layout.ts only; a backend never sees a path from a user.

export interface StoreStat {
  size: number;
  mtimeMs: number;
}

/** A file being written. Nothing is visible at its path until `commit` returns. */
export interface FileWriter {
  /** Bytes written so far. */
  readonly size: number;
  /** Queue bytes; the caller may reuse `data` as soon as the promise resolves. */
  write(data: Uint8Array): Promise<void>;
  /** Flush, optionally fsync, and publish atomically at the path (replacing what was there). */
  commit(): Promise<void>;
  /** Drop everything written; the path is left as it was. */
  abort(): Promise<void>;
}

export interface WriteOptions {
  /** fsync the file (and its directory) before publishing it. */
  durable?: boolean;
}

export interface StoreFs {
  createWriter(path: string, options?: WriteOptions): Promise<FileWriter>;
  /** The whole file, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** `length` bytes at `offset`; fewer only at the end of the file; ENOTFOUND when missing. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  stat(path: string): Promise<StoreStat | undefined>;
  /** Names directly inside `dir` (files and folders); empty when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** Remove a file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** Move a file to another path (used to quarantine damage). */
  move(from: string, to: string): Promise<void>;
  /** Create a file only if nothing is there; false when something is. */
  createExclusive(path: string, data: Uint8Array): Promise<boolean>;
  /** Remove temporaries of writers that never finished, last touched before `before` (ms epoch); returns bytes freed. */
  sweepTemp(before: number): Promise<number>;
}

/** Write a whole file atomically. */
export async function writeFileAtomic(
  fs: StoreFs,
  path: string,
  data: Uint8Array,
  options?: WriteOptions,
): Promise<void> {
  const writer = await fs.createWriter(path, options);
  try {
    await writer.write(data);
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
