// The storage port on a local filesystem. A key is a path under `root`; a put streams into a
// temporary under `root/.tmp` and is published with rename (replace) or link (ifAbsent), which
// is how a disk gives the all-or-nothing put an object store gives for free. Keys never start
// with a dot, so `.tmp` cannot collide with one.

import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { checkKey, checkPrefix } from './keys.js';
import type { BlobStore } from './port.js';

export interface FsBlobStoreOptions {
  /** fsync each blob and its folder before publishing it (default true). */
  durable?: boolean;
  /** Temporaries older than this (ms) are left by writers that died, and are removed at open. */
  staleTempMs?: number;
  now?: () => number;
}

const TMP = '.tmp';

const isCode = (err: unknown, ...codes: string[]): boolean => codes.includes((err as NodeJS.ErrnoException)?.code ?? '');

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sweepTemp(tmp: string, before: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(tmp, name);
    const st = await stat(path).catch(() => undefined);
    if (st && st.mtimeMs < before) await rm(path, { force: true });
  }
}

export async function openFsBlobStore(root: string, options: FsBlobStoreOptions = {}): Promise<BlobStore> {
  const durable = options.durable ?? true;
  const now = options.now ?? Date.now;
  const tmp = join(root, TMP);
  await mkdir(tmp, { recursive: true });
  await sweepTemp(tmp, now() - (options.staleTempMs ?? 60 * 60 * 1000));
  const pathOf = (key: string) => join(root, ...checkKey(key).split('/'));

  async function writeTemp(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<string> {
    const temp = join(tmp, `${randomBytes(16).toString('hex')}`);
    const handle = await open(temp, 'wx');
    try {
      if (body instanceof Uint8Array) await handle.write(body);
      else for await (const piece of body) await handle.write(piece);
      if (durable) await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    return temp;
  }

  async function walk(dir: string, rel: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR')) return;
      throw err;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const key = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), key, out);
      else if (e.isFile()) out.push(key);
    }
  }

  return {
    async put(key, body, putOptions) {
      const path = pathOf(key);
      const temp = await writeTemp(body);
      try {
        await mkdir(dirname(path), { recursive: true });
        if (putOptions?.ifAbsent) {
          try {
            await link(temp, path);
          } catch (err) {
            if (isCode(err, 'EEXIST')) return false;
            throw err;
          }
        } else {
          await rename(temp, path);
        }
        if (durable) await fsyncDir(dirname(path));
        return true;
      } finally {
        await unlink(temp).catch(() => undefined);
      }
    },

    async get(key, range) {
      const path = pathOf(key);
      if (range && range.length <= 0) {
        return (await stat(path).catch(() => undefined))?.isFile() ? (async function* () {})() : undefined;
      }
      const stream = createReadStream(path, range ? { start: range.offset, end: range.offset + range.length - 1, highWaterMark: 1 << 20 } : { highWaterMark: 1 << 20 });
      // Open before answering, so a missing blob is `undefined` rather than a failing stream.
      try {
        await new Promise<void>((resolve, reject) => {
          stream.once('ready', () => resolve());
          stream.once('error', reject);
        });
      } catch (err) {
        stream.destroy();
        if (isCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) return undefined;
        throw err;
      }
      return stream as AsyncIterable<Uint8Array>;
    },

    async read(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if (isCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) return undefined;
        throw err;
      }
    },

    async stat(key) {
      const st = await stat(pathOf(key)).catch((err) => {
        if (isCode(err, 'ENOENT', 'ENOTDIR')) return undefined;
        throw err;
      });
      return st?.isFile() ? { size: st.size } : undefined;
    },

    async *list(prefix) {
      checkPrefix(prefix);
      const cut = prefix.lastIndexOf('/');
      const dirKey = cut < 0 ? '' : prefix.slice(0, cut);
      const out: string[] = [];
      await walk(dirKey ? join(root, ...dirKey.split('/')) : root, dirKey, out);
      // Sorted as plain strings, like S3 and the memory twin ('a.b' before 'a/b').
      yield* out.filter((k) => k.startsWith(prefix)).sort();
    },

    async delete(key) {
      const path = pathOf(key);
      if ((await stat(path).catch(() => undefined))?.isFile()) await rm(path, { force: true });
    },
  };
}
