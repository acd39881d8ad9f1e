// The in-memory twin of the storage port: the reference behaviour every backend must match,
// and the backend for tests and for browsers without persistent storage.

import { XetcacheError } from '../../errors.js';
import type { FileWriter, StoreFs, StoreStat } from './port.js';

interface Entry {
  data: Uint8Array;
  mtimeMs: number;
}

export function createMemoryFs(now: () => number = Date.now): StoreFs & { files: Map<string, Entry> } {
  const files = new Map<string, Entry>();
  const put = (path: string, data: Uint8Array) => files.set(path, { data, mtimeMs: now() });

  return {
    files,
    async createWriter(path): Promise<FileWriter> {
      const parts: Uint8Array[] = [];
      let size = 0;
      let closed = false;
      const open = () => {
        if (closed) throw new XetcacheError('EINVAL', `writer for ${path} is closed`);
      };
      return {
        get size() {
          return size;
        },
        async write(data) {
          open();
          parts.push(data.slice());
          size += data.length;
        },
        async commit() {
          open();
          closed = true;
          const all = new Uint8Array(size);
          let at = 0;
          for (const p of parts) {
            all.set(p, at);
            at += p.length;
          }
          put(path, all);
        },
        async abort() {
          closed = true;
          parts.length = 0;
        },
      };
    },
    async readFile(path) {
      return files.get(path)?.data.slice();
    },
    async readRange(path, offset, length) {
      const entry = files.get(path);
      if (!entry) throw new XetcacheError('ENOTFOUND', `no such file: ${path}`, { path });
      return entry.data.slice(offset, offset + length);
    },
    async stat(path): Promise<StoreStat | undefined> {
      const entry = files.get(path);
      return entry && { size: entry.data.length, mtimeMs: entry.mtimeMs };
    },
    async list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const path of files.keys()) {
        if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split('/')[0]!);
      }
      return [...names].sort();
    },
    async remove(path) {
      files.delete(path);
    },
    async move(from, to) {
      const entry = files.get(from);
      if (!entry) throw new XetcacheError('ENOTFOUND', `no such file: ${from}`, { path: from });
      files.delete(from);
      files.set(to, entry);
    },
    async createExclusive(path, data) {
      if (files.has(path)) return false;
      put(path, data.slice());
      return true;
    },
    // Unfinished writers hold their bytes in memory only, so there is never anything to sweep.
    sweepTemp: async () => 0,
  };
}
