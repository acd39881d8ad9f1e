// Writing one file on a local disk: bytes go to a unique temporary, which commit() flushes,
// optionally fsyncs, and renames into place. Small writes are gathered in 1 MiB buffers; a full
// buffer is handed to the kernel in the background while the caller fills the next, so a put
// keeps hashing while earlier bytes are being copied into the page cache.

import { promises as fsp, constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { XetcacheError } from '../errors.js';
import type { FileWriter } from '../store/fs/port.js';

const WRITE_BUFFER = 1024 * 1024;
// Buffers handed to the kernel while the next one fills: enough to ride out a burst of chunks.
const IN_FLIGHT = 3;
// Durable writers ask the kernel to start writing back every this many bytes, so the fsync
// before publishing finds little left to do instead of the whole file.
const EARLY_SYNC = 16 * 1024 * 1024;
// Buffers of finished writers, kept for the next ones: a put opens a pack every 64 MiB, and
// fresh buffers would only pile up waiting for the garbage collector.
const SPARE_LIMIT = IN_FLIGHT + 1;
const spare: Buffer[] = [];

function takeBuffer(): Buffer {
  return spare.pop() ?? Buffer.allocUnsafe(WRITE_BUFFER);
}

function giveBack(buf: Buffer | undefined): void {
  if (buf && spare.length < SPARE_LIMIT) spare.push(buf);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, data: Uint8Array, length: number, position: number): Promise<void> {
  let at = 0;
  while (at < length) at += (await handle.write(data, at, length - at, position + at)).bytesWritten;
}

export interface FileWriterTarget {
  tmp: string;
  target: string;
  durable: boolean;
  /** Makes sure the target's folder exists before the rename. */
  ensureDir(dir: string): Promise<void>;
}

export async function openFileWriter(path: string, t: FileWriterTarget): Promise<FileWriter> {
  const handle = await fsp.open(t.tmp, 'wx', 0o644);
  let current: Buffer | undefined; // being filled
  const free: Buffer[] = []; // this writer's buffers that the kernel is done with
  const writing: Array<Promise<void>> = []; // buffers handed to the kernel, oldest first
  let buffered = 0;
  let size = 0;
  let written = 0; // bytes handed to the kernel (file position of `current`'s first byte)
  let syncedAt = 0;
  let syncing: Promise<void> | undefined;
  let failure: unknown;
  let closed = false;

  // Background work records its failure instead of rejecting: the caller hears of it at its next
  // write or commit, and no rejection is ever left unhandled.
  const background = (work: Promise<void>): Promise<void> =>
    work.catch((err: unknown) => {
      failure ??= err;
    });
  const idle = async (): Promise<void> => {
    while (writing.length > 0) await writing.shift();
    await syncing;
  };
  const settle = async (): Promise<void> => {
    await idle();
    if (failure !== undefined) throw failure;
  };

  const nextBuffer = async (): Promise<Buffer> => {
    while (writing.length >= IN_FLIGHT) await writing.shift();
    if (failure !== undefined) throw failure;
    return free.pop() ?? takeBuffer();
  };

  const startFlush = (): void => {
    if (buffered === 0) return;
    const buf = current!;
    const n = buffered;
    const position = written;
    written += n;
    buffered = 0;
    current = undefined;
    // Positional writes: buffers may reach the kernel in any order.
    writing.push(background(writeAll(handle, buf, n, position)).then(() => void free.push(buf)));
    if (t.durable && !syncing && written - syncedAt >= EARLY_SYNC) {
      syncedAt = written;
      // Only starts writeback of what is already written; the fsync in commit is the one that counts.
      const sync = Promise.all(writing).then(() => handle.datasync());
      syncing = background(sync).finally(() => (syncing = undefined));
    }
  };

  const release = () => {
    giveBack(current);
    for (const buf of free.splice(0)) giveBack(buf);
    current = undefined;
  };

  const cleanup = async () => {
    closed = true;
    // No write may still be running on the handle when it is closed.
    await idle();
    release();
    await handle.close().catch(() => {});
    await fsp.rm(t.tmp, { force: true });
  };

  return {
    get size() {
      return size;
    },

    async write(data) {
      if (closed) throw new XetcacheError('EINVAL', `writer for ${path} is closed`);
      if (failure !== undefined) throw failure;
      size += data.length;
      if (data.length >= WRITE_BUFFER) {
        // Written from the caller's memory, which it may reuse once this resolves.
        startFlush();
        await settle();
        const position = written;
        written += data.length;
        await writeAll(handle, data, data.length, position);
        return;
      }
      if (buffered + data.length > WRITE_BUFFER) startFlush();
      current ??= await nextBuffer();
      current.set(data, buffered);
      buffered += data.length;
    },

    async commit() {
      if (closed) throw new XetcacheError('EINVAL', `writer for ${path} is closed`);
      try {
        startFlush();
        await settle();
        closed = true;
        // Everything is with the kernel: the buffers can serve the next writer during the fsync.
        release();
        if (t.durable) await handle.sync();
        await handle.close();
        await t.ensureDir(dirname(t.target));
        await fsp.rename(t.tmp, t.target);
        if (t.durable) await fsyncDir(dirname(t.target));
      } catch (err) {
        await cleanup();
        throw err;
      }
    },

    abort: cleanup,
  };
}
