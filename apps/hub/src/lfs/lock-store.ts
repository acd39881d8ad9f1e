// git-LFS file locks of a project. One blob per locked path, keyed by the path's SHA-256 and
// created only if absent, so a path is locked at most once even across hubs on one bucket.

import { createHash, randomBytes } from 'node:crypto';
import { HubError } from '../errors.js';
import { layout } from '../layout.js';
import type { ProjectName } from '../names.js';
import type { BlobStore } from '../storage/port.js';

export interface Lock {
  id: string;
  path: string;
  locked_at: string;
  owner: { name: string };
}

export interface LockStore {
  create(p: ProjectName, path: string, owner: string): Promise<Lock>;
  /** Every lock of the project, by id. */
  list(p: ProjectName): Promise<Lock[]>;
  get(p: ProjectName, id: string): Promise<Lock | undefined>;
  remove(p: ProjectName, lock: Lock): Promise<void>;
}

const pathKey = (p: ProjectName, path: string) => layout.lock(p.owner, p.name, createHash('sha256').update(path, 'utf8').digest('hex'));

export function createLockStore(blobs: BlobStore, now: () => number = Date.now): LockStore {
  const decode = (data: Uint8Array): Lock => JSON.parse(new TextDecoder().decode(data)) as Lock;

  const list = async (p: ProjectName): Promise<Lock[]> => {
    const out: Lock[] = [];
    for await (const key of blobs.list(layout.locksPrefix(p.owner, p.name))) {
      const data = await blobs.read(key);
      if (data) out.push(decode(data));
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  };

  return {
    async create(p, path, owner) {
      const lock: Lock = { id: randomBytes(16).toString('hex'), path, locked_at: new Date(now()).toISOString(), owner: { name: owner } };
      const key = pathKey(p, path);
      if (await blobs.put(key, new TextEncoder().encode(JSON.stringify(lock)), { ifAbsent: true })) return lock;
      const data = await blobs.read(key);
      throw new HubError('ECONFLICT', 'already created lock', data ? { lock: decode(data) } : {});
    },
    list,
    async get(p, id) {
      return (await list(p)).find((l) => l.id === id);
    },
    async remove(p, lock) {
      await blobs.delete(pathKey(p, lock.path));
    },
  };
}
