// One daemon per XETCACHE_HOME: a lock file created exclusively and held for the daemon's life.
// A lock whose process is gone (killed, machine restarted) is taken over; two daemons starting
// at once over a stale lock are serialised by a second exclusive file, so exactly one wins.

import { open, readFile, rm, stat } from 'node:fs/promises';
import { isRunning, type ProcessIdentity } from './process-identity.js';

export class DaemonRunningError extends Error {
  readonly code = 'EDAEMONRUNNING';
  constructor(readonly pid: number) {
    super(`a daemon is already running for this XETCACHE_HOME (pid ${pid})`);
  }
}

export interface InstanceLock {
  release(): Promise<void>;
}

export interface LockDeps {
  self: ProcessIdentity;
  isRunning?: (who: ProcessIdentity) => boolean;
  now?: () => number;
}

async function readHolder(path: string): Promise<{ text: string; holder: ProcessIdentity | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const value = JSON.parse(text) as { pid?: unknown; start?: unknown };
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0) {
      return { text, holder: { pid: value.pid, start: typeof value.start === 'string' ? value.start : null } };
    }
  } catch {
    // Unreadable: see below.
  }
  return { text, holder: undefined };
}

async function createExclusive(path: string, body: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export async function acquireInstanceLock(path: string, deps: LockDeps): Promise<InstanceLock> {
  const running = deps.isRunning ?? isRunning;
  const now = deps.now ?? Date.now;
  const body = JSON.stringify({ pid: deps.self.pid, start: deps.self.start, at: new Date(now()).toISOString() });
  const takeover = `${path}.takeover`;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await createExclusive(path, body)) {
      return {
        async release() {
          const held = await readHolder(path);
          if (held?.holder?.pid === deps.self.pid) await rm(path, { force: true });
        },
      };
    }
    const held = await readHolder(path);
    if (!held) continue;
    // A lock being written is empty for an instant: only a process that is gone, or a lock
    // unreadable for more than a moment, gives way.
    if (held.holder && running(held.holder)) throw new DaemonRunningError(held.holder.pid);
    if (!held.holder) {
      const age = now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? now());
      if (age < 2000) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
    }
    // Stale. Whoever creates the takeover file removes the stale lock, if it is still the same one.
    const takeoverAge = now() - ((await stat(takeover).catch(() => undefined))?.mtimeMs ?? now());
    if (takeoverAge > 10_000) await rm(takeover, { force: true });
    if (await createExclusive(takeover, body)) {
      try {
        const again = await readHolder(path);
        if (again?.text === held.text) await rm(path, { force: true });
      } finally {
        await rm(takeover, { force: true });
      }
    } else {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`could not take the daemon lock ${path}; if no daemon is running, remove it`);
}
