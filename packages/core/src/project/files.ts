// Small-file helpers over the project's fs port: atomic replace, read-if-present, and the
// error-code questions the rest of the project layer asks.

import type { ProjectFs } from './fs/port.js';
import { statePaths } from './layout.js';

export const errCode = (err: unknown): string | undefined =>
  err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined;

export const isMissing = (err: unknown): boolean => {
  const code = errCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export const join = (root: string, rel: string): string => (root.endsWith('/') ? root + rel : `${root}/${rel}`);

export const dirOf = (path: string): string => path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '/';

export function randomName(): string {
  return globalThis.crypto.randomUUID();
}

/** Write a file so that readers see the old content or the new, never a part. */
export async function writeAtomic(fs: ProjectFs, root: string, rel: string, data: string | Uint8Array): Promise<void> {
  const tmpDir = join(root, statePaths.tmp);
  const tmp = `${tmpDir}/${randomName()}`;
  const target = join(root, rel);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
  } catch (err) {
    if (!isMissing(err)) throw err;
    await fs.mkdir(tmpDir, { recursive: true });
    await fs.writeFile(tmp, data, { flag: 'wx' });
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    if (!isMissing(err)) {
      await fs.unlink(tmp).catch(() => {});
      throw err;
    }
    await fs.mkdir(dirOf(target), { recursive: true });
    await fs.rename(tmp, target).catch(async (e: unknown) => {
      await fs.unlink(tmp).catch(() => {});
      throw e;
    });
  }
}

export async function readText(fs: ProjectFs, path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

export async function listDir(fs: ProjectFs, path: string): Promise<string[]> {
  try {
    return await fs.readdir(path);
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

export async function removeFile(fs: ProjectFs, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

export async function exists(fs: ProjectFs, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}
