// A file as a source for hashing or storing: large reads, a few in flight, into a ring of reused
// buffers. A read stream reads one piece at a time into fresh buffers, which leaves the hashing
// threads waiting and the garbage collector busy.

import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export interface FilePiecesOptions {
  /** Bytes per read (default 4 MiB). */
  pieceSize?: number;
  /** Reads in flight while the caller works on the current piece (default 2). */
  ahead?: number;
}

async function readFull(handle: FileHandle, buf: Buffer, position: number): Promise<number> {
  let at = 0;
  while (at < buf.length) {
    const { bytesRead } = await handle.read(buf, at, buf.length - at, position + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return at;
}

/**
 * The bytes of a file, in order. Each piece is valid until the next one is requested: the
 * store's put and the hashers copy what they keep before asking for more.
 */
export async function* readFilePieces(path: string, options: FilePiecesOptions = {}): AsyncGenerator<Uint8Array> {
  const pieceSize = options.pieceSize ?? 4 * 1024 * 1024;
  const ahead = Math.max(1, options.ahead ?? 2);
  const handle = await fsp.open(path, 'r');
  // One buffer handed out, `ahead` being read into.
  const ring = Array.from({ length: ahead + 1 }, () => Buffer.allocUnsafe(pieceSize));
  const reads: Array<Promise<number>> = [];
  let started = 0;
  const startRead = () => {
    const read = readFull(handle, ring[started % ring.length]!, started * pieceSize);
    // Failures surface when the piece's turn comes.
    read.catch(() => {});
    reads.push(read);
    started++;
  };
  try {
    for (let i = 0; i < ahead; i++) startRead();
    for (let piece = 0; ; piece++) {
      const length = await reads.shift()!;
      if (length > 0) {
        const buf = ring[piece % ring.length]!;
        yield new Uint8Array(buf.buffer, buf.byteOffset, length);
      }
      if (length < pieceSize) return;
      // The piece just handed out is done with: its buffer takes the next read.
      startRead();
    }
  } finally {
    // No read may still be using the handle when it is closed.
    await Promise.allSettled(reads);
    await handle.close();
  }
}
