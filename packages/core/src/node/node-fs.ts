// The storage port on a local disk. Files are written under `<root>/tmp/` with unique names and
// renamed into place, so a reader never sees a partial file and a killed writer leaves only a
// temp file that nothing else reads.

import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { XetcacheError } from '../errors.js';
import { openFileWriter } from './file-writer.js';
import type { FileWriter, StoreFs, StoreStat, WriteOptions } from '../store/fs/port.js';

export const TMP_DIR = 'tmp';

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function resolver(root: string) {
  return (path: string): string => {
    // Paths come from store/layout.ts; refuse anything that could leave the root regardless.
    if (path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '.' || p.includes('\\'))) {
      throw new XetcacheError('EINVAL', `unsafe store path: ${path}`);
    }
    return join(root, path);
  };
}

/** Plain Uint8Array views, so callers see the same type as from the memory twin. */
function plain(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

async function ensureDir(dir: string, known: Set<string>): Promise<void> {
  if (known.has(dir)) return;
  await fsp.mkdir(dir, { recursive: true });
  known.add(dir);
}

export function createNodeFs(root: string): StoreFs {
  const abs = resolver(root);
  const dirs = new Set<string>();

  return {
    async createWriter(path: string, options: WriteOptions = {}): Promise<FileWriter> {
      const target = abs(path);
      const tmpDir = join(root, TMP_DIR);
      await ensureDir(tmpDir, dirs);
      const tmp = join(tmpDir, `${randomBytes(12).toString('hex')}.${process.pid}.tmp`);
      return openFileWriter(path, {
        tmp,
        target,
        durable: options.durable ?? false,
        ensureDir: (dir) => ensureDir(dir, dirs),
      });
    },

    async readFile(path) {
      try {
        return plain(await fsp.readFile(abs(path)));
      } catch (err) {
        if (errno(err) === 'ENOENT') return undefined;
        throw err;
      }
    },

    async readRange(path, offset, length) {
      let handle: FileHandle;
      try {
        handle = await fsp.open(abs(path), 'r');
      } catch (err) {
        if (errno(err) === 'ENOENT') throw new XetcacheError('ENOTFOUND', `no such file: ${path}`, { path });
        throw err;
      }
      try {
        const out = Buffer.allocUnsafe(length);
        let at = 0;
        while (at < length) {
          const { bytesRead } = await handle.read(out, at, length - at, offset + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        return plain(at === length ? out : out.subarray(0, at));
      } finally {
        await handle.close();
      }
    },

    async stat(path): Promise<StoreStat | undefined> {
      try {
        const s = await fsp.stat(abs(path));
        return { size: s.size, mtimeMs: s.mtimeMs };
      } catch (err) {
        if (errno(err) === 'ENOENT') return undefined;
        throw err;
      }
    },

    async list(dir) {
      try {
        return (await fsp.readdir(dir === '' ? root : abs(dir))).sort();
      } catch (err) {
        if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return [];
        throw err;
      }
    },

    async remove(path) {
      await fsp.rm(abs(path), { force: true });
    },

    async move(from, to) {
      const target = abs(to);
      await ensureDir(dirname(target), dirs);
      try {
        await fsp.rename(abs(from), target);
      } catch (err) {
        if (errno(err) === 'ENOENT') throw new XetcacheError('ENOTFOUND', `no such file: ${from}`, { path: from });
        throw err;
      }
    },

    async createExclusive(path, data) {
      const target = abs(path);
      await ensureDir(dirname(target), dirs);
      try {
        await fsp.writeFile(target, data, { flag: 'wx' });
        return true;
      } catch (err) {
        if (errno(err) === 'EEXIST') return false;
        throw err;
      }
    },

    async sweepTemp(before) {
      const tmpDir = join(root, TMP_DIR);
      let freed = 0;
      for (const name of await fsp.readdir(tmpDir).catch(() => [] as string[])) {
        const path = join(tmpDir, name);
        const s = await fsp.stat(path).catch(() => undefined);
        if (!s || s.mtimeMs >= before) continue;
        await fsp.rm(path, { force: true });
        freed += s.size;
      }
      return freed;
    },
  };
}
