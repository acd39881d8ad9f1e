// What this machine knows about how entries are used: hit and miss counts and when each entry
// was last read (gc evicts the least recently used first). Kept in memory and merged into
// .git/xetcache/usage.json, under the project lock, whenever the project flushes; never committed.

import type { ProjectFs } from './fs/port.js';
import { join, readText, writeAtomic } from './files.js';
import { statePaths } from './layout.js';

export interface UsageFile {
  hits: number;
  misses: number;
  /** Entry id → ms since the epoch of the last read or write. */
  lastAccess: Record<string, number>;
}

export class UsageTracker {
  private hits = 0;
  private misses = 0;
  private touched = new Map<string, number>();

  hit(id: string, at: number): void {
    this.hits++;
    this.touched.set(id, at);
  }
  miss(): void {
    this.misses++;
  }
  touch(id: string, at: number): void {
    this.touched.set(id, at);
  }
  get dirty(): boolean {
    return this.hits + this.misses + this.touched.size > 0;
  }

  /** Merge what this process saw into the file; call with the project lock held. */
  async save(fs: ProjectFs, root: string, forget: ReadonlySet<string> = new Set()): Promise<void> {
    if (!this.dirty && forget.size === 0) return;
    const file = await loadUsage(fs, root);
    file.hits += this.hits;
    file.misses += this.misses;
    for (const [id, at] of this.touched) file.lastAccess[id] = Math.max(file.lastAccess[id] ?? 0, at);
    for (const id of forget) delete file.lastAccess[id];
    await writeAtomic(fs, root, statePaths.usage, JSON.stringify(file));
    this.hits = 0;
    this.misses = 0;
    this.touched.clear();
  }

  /** The file plus what this process has not saved yet. */
  async snapshot(fs: ProjectFs, root: string): Promise<UsageFile> {
    const file = await loadUsage(fs, root);
    file.hits += this.hits;
    file.misses += this.misses;
    for (const [id, at] of this.touched) file.lastAccess[id] = Math.max(file.lastAccess[id] ?? 0, at);
    return file;
  }
}

export async function loadUsage(fs: ProjectFs, root: string): Promise<UsageFile> {
  const text = await readText(fs, join(root, statePaths.usage));
  const empty: UsageFile = { hits: 0, misses: 0, lastAccess: {} };
  if (text === undefined) return empty;
  try {
    const raw = JSON.parse(text) as Partial<UsageFile>;
    return {
      hits: typeof raw.hits === 'number' ? raw.hits : 0,
      misses: typeof raw.misses === 'number' ? raw.misses : 0,
      lastAccess: raw.lastAccess && typeof raw.lastAccess === 'object' ? { ...raw.lastAccess } : {},
    };
  } catch {
    // Local statistics only: a damaged file starts the counts again rather than failing a read.
    return empty;
  }
}
