// A lock file shared by every process working on one project: created exclusively, holding the
// owner's pid and time, so a lock left by a killed process is recognised and taken over.
// Within one process, callers queue on a promise instead of polling the file.

import { XetcacheError } from '../errors.js';
import type { ProjectFs } from './fs/port.js';
import { errCode, dirOf, readText, removeFile } from './files.js';

export interface LockOwner {
  pid: number;
  now: () => number;
  isProcessAlive: (pid: number) => boolean;
  /** A lock older than this is taken over even if its pid looks alive (pids get reused). */
  staleMs?: number;
  /** Give up with ELOCKED after this long. */
  timeoutMs?: number;
}

const queues = new Map<string, Promise<unknown>>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquire(fs: ProjectFs, path: string, owner: LockOwner): Promise<void> {
  const staleMs = owner.staleMs ?? 10 * 60_000;
  const deadline = owner.now() + (owner.timeoutMs ?? 60_000);
  let wait = 2;
  for (;;) {
    const body = JSON.stringify({ pid: owner.pid, at: owner.now() });
    try {
      await fs.writeFile(path, body, { flag: 'wx' });
      return;
    } catch (err) {
      const code = errCode(err);
      if (code === 'ENOENT') {
        await fs.mkdir(dirOf(path), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
    }
    const held = await readText(fs, path);
    if (held !== undefined && isStale(held, owner, staleMs)) {
      await removeFile(fs, path);
      continue;
    }
    if (owner.now() > deadline) {
      throw new XetcacheError('ELOCKED', `the project is locked by another process (${path}); if none is running, remove that file`, { path });
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 100);
  }
}

function isStale(held: string, owner: LockOwner, staleMs: number): boolean {
  let info: { pid?: unknown; at?: unknown };
  try {
    info = JSON.parse(held) as typeof info;
  } catch {
    // A lock being written right now is empty for an instant; only an old one is garbage.
    return false;
  }
  if (typeof info.pid !== 'number' || typeof info.at !== 'number') return true;
  if (owner.now() - info.at > staleMs) return true;
  return info.pid !== owner.pid && !owner.isProcessAlive(info.pid);
}

/** Run `fn` holding the lock at `path` (absolute). */
export async function withLock<T>(fs: ProjectFs, path: string, owner: LockOwner, fn: () => Promise<T>): Promise<T> {
  const before = queues.get(path) ?? Promise.resolve();
  const run = before.catch(() => {}).then(async () => {
    await acquire(fs, path, owner);
    try {
      return await fn();
    } finally {
      await removeFile(fs, path);
    }
  });
  queues.set(path, run);
  try {
    return await run;
  } finally {
    if (queues.get(path) === run) queues.delete(path);
  }
}
