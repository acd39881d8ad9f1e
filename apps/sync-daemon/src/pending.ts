// What a project has that its hub does not: entries written but not committed (pending markers
// under .git/xetcache/pending) and commits not pushed (main ahead of origin/main). Cheap enough
// to ask every second: two ref reads and one directory listing.

import * as fs from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as git from 'isomorphic-git';

const PENDING_DIR = join('.git', 'xetcache', 'pending');
const ENTRY_ID = /^[0-9a-f]{64}$/;
const META = /^entries\/([0-9a-f]{2})\/([0-9a-f]{62})\/meta\.json$/;

async function ref(dir: string, name: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, dir, ref: name });
  } catch {
    return undefined;
  }
}

async function pendingIds(dir: string): Promise<Set<string>> {
  const names = await readdir(join(dir, PENDING_DIR)).catch(() => [] as string[]);
  return new Set(names.map((n) => n.slice(0, 64)).filter((id) => ENTRY_ID.test(id)));
}

/** Whether there is anything to push: uncommitted entries, or commits the hub has not seen. */
export async function hasLocalWork(dir: string): Promise<boolean> {
  if ((await pendingIds(dir)).size > 0) return true;
  const [local, remote] = await Promise.all([ref(dir, 'refs/heads/main'), ref(dir, 'refs/remotes/origin/main')]);
  return local !== undefined && local !== remote;
}

async function sizeOf(text: string | undefined): Promise<number> {
  if (!text) return 0;
  try {
    const size = (JSON.parse(text) as { size?: unknown }).size;
    return typeof size === 'number' && size >= 0 ? size : 0;
  } catch {
    return 0;
  }
}

export interface PendingWork {
  /** Entries added, changed or removed here and not on the hub yet. */
  entries: number;
  /** The bytes of the values of those entries that are present. */
  bytes: number;
}

/** Entries not pushed yet and their values' bytes (for `daemon status`). */
export async function pendingWork(dir: string): Promise<PendingWork> {
  const changed = new Map<string, number>();
  const local = await ref(dir, 'refs/heads/main');
  const remote = await ref(dir, 'refs/remotes/origin/main');
  if (local && local !== remote) {
    const trees = remote ? [git.TREE({ ref: remote }), git.TREE({ ref: local })] : [git.TREE({ ref: local })];
    await git.walk({
      fs,
      dir,
      trees,
      map: async (path, [a, b]) => {
        if (path === '.') return true;
        if (!path.startsWith('entries')) return null;
        const theirs = remote ? a : null;
        const ours = remote ? b : a;
        const [oa, ob] = await Promise.all([theirs?.oid(), ours?.oid()]);
        if (oa === ob) return null; // same subtree or file: nothing under it differs
        const m = META.exec(path);
        if (m) {
          const content = ours ? await ours.content() : undefined;
          changed.set(m[1]! + m[2]!, await sizeOf(content ? new TextDecoder().decode(content) : undefined));
        }
        return true;
      },
    });
  }
  for (const id of await pendingIds(dir)) {
    const text = await readFile(join(dir, 'entries', id.slice(0, 2), id.slice(2), 'meta.json'), 'utf8').catch(() => undefined);
    changed.set(id, await sizeOf(text));
  }
  let bytes = 0;
  for (const size of changed.values()) bytes += size;
  return { entries: changed.size, bytes };
}
