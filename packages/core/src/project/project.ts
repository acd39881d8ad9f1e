// A cache project: entries as files in a git working tree, visible to readers the moment they
// are written, committed in batches (after a short delay, on flush, on close). Knows nothing of
// chunks or serializers: the caller stores the bytes and hands over the metadata and pointer.

import { XetcacheError } from '../errors.js';
import type { Blake3 } from '../hash/blake3.js';
import { encodePointer } from '../pointer/encode.js';
import { decodeEntry, encodeEntry, isExpired, type EntryMeta } from './entry.js';
import { checkoutChanges } from './checkout.js';
import type { ProjectFs } from './fs/port.js';
import { exists, join, listDir, readText, removeFile, writeAtomic } from './files.js';
import { clearPending, listPending, markPending } from './journal.js';
import { createEntryNamer, entryPathsById, ENTRIES_DIR, isEntryId, statePaths, type EntryPaths } from './layout.js';
import { withLock, type LockOwner } from './lock.js';
import { commitIndex, commitMessage, firstCommit, hasRepo, headCommit, initRepo, stage, type GitAuthor, type RepoContext } from './repo.js';
import { UsageTracker, type UsageFile } from './usage.js';

export interface ProjectDeps {
  fs: ProjectFs;
  /** Absolute path of the working tree. */
  root: string;
  blake3: Blake3;
  /** Who commits. */
  author: GitAuthor;
  now?: () => number;
  pid?: number;
  isProcessAlive?: (pid: number) => boolean;
  /** Commit this long after the first uncommitted write (default 2000 ms); Infinity: only on flush. */
  commitDelayMs?: number;
  /** Give up waiting for another process's lock after this long (default 60 s). */
  lockTimeoutMs?: number;
  /** Called when a background commit fails; the next flush() throws the error too. */
  onError?: (err: unknown) => void;
}

export type ProjectEntry = { id: string; meta: EntryMeta } | { id: string; error: XetcacheError };

export interface WriteResult {
  /** The entry now stored under the key. */
  meta: EntryMeta;
  /** False when `ifAbsent` found a live entry and left it. */
  written: boolean;
}

export interface Project {
  readonly root: string;
  paths(key: string): EntryPaths;
  /** The entry for a key, or undefined; EBADENTRY when its metadata is damaged. */
  read(key: string): Promise<EntryMeta | undefined>;
  /**
   * Store an entry (its value's bytes must already be stored). With `ifAbsent`, a live entry
   * already under the key wins and is returned instead: concurrent writers all end with one value.
   */
  write(meta: EntryMeta, options?: { ifAbsent?: boolean }): Promise<WriteResult>;
  remove(key: string): Promise<EntryMeta | undefined>;
  entries(): AsyncGenerator<ProjectEntry>;
  /** Rewrite an entry's pointer file from its metadata (repair). */
  rewritePointer(meta: EntryMeta): Promise<void>;
  /** Move a damaged entry's files to the local quarantine and take it out of the project. */
  discard(id: string): Promise<void>;
  readPointer(key: string): Promise<string | undefined>;
  recordHit(id: string): void;
  recordMiss(): void;
  usage(): Promise<UsageFile>;
  /** Entries written but not committed yet, by any process. */
  pendingCount(): Promise<number>;
  /** Whether this process wrote entries or read counts that flush() has not saved yet. */
  hasUnsaved(): boolean;
  /** Commit everything pending and save usage counts. */
  flush(): Promise<string | undefined>;
  /**
   * Commit what is pending, then run `fn` holding the project lock, so no commit of this or
   * another process interleaves (a merge from the hub runs this way). When `fn` moves the branch,
   * the working tree and index follow it afterwards, entry by entry under each entry's lock; an
   * entry written meanwhile keeps its files and is committed on top.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface MarkerNote {
  key: string;
}

export async function openProject(deps: ProjectDeps): Promise<Project> {
  const { fs, root } = deps;
  const now = deps.now ?? Date.now;
  const owner: LockOwner = {
    pid: deps.pid ?? 0,
    now,
    isProcessAlive: deps.isProcessAlive ?? (() => true),
    timeoutMs: deps.lockTimeoutMs,
  };
  const repo: RepoContext = { fs, root, author: deps.author, now, cache: {} };
  const name = createEntryNamer(deps.blake3);
  const usage = new UsageTracker();
  const delay = deps.commitDelayMs ?? 2000;
  const projectLock = join(root, statePaths.lock);
  const entryLock = (id: string) => join(root, `${statePaths.entryLocks}/${id}`);
  const notes = new Map<string, MarkerNote>();
  // Writes of this process since its last flush began; another process may commit them first.
  let unsaved = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backgroundError: unknown;
  let closed = false;

  const following = join(root, statePaths.following);
  const lockEntry = <T>(id: string, fn: () => Promise<T>) => withLock(fs, entryLock(id), owner, fn);

  /**
   * Bring the working tree from commit `from` to the branch, if it moved. Until that is done the
   * state file names `from`, so a process killed halfway is finished by the next one to commit
   * (committing the index before would undo the merge). Hold the project lock.
   */
  async function follow(from: string): Promise<void> {
    const head = await headCommit(repo);
    if (head && head !== from) await checkoutChanges({ fs, root, cache: repo.cache, lockEntry }, from, head);
    await removeFile(fs, following);
  }

  /** Finish a checkout a killed process left halfway. Hold the project lock. */
  async function recover(): Promise<void> {
    const from = (await readText(fs, following))?.trim();
    if (from) await follow(from);
  }

  if (!(await hasRepo(repo))) await initRepo(repo);
  await withLock(fs, projectLock, owner, async () => {
    await recover();
    await firstCommit(repo);
  });

  const readMeta = async (paths: EntryPaths): Promise<EntryMeta | undefined> => {
    const text = await readText(fs, join(root, paths.meta));
    return text === undefined ? undefined : decodeEntry(text, paths.meta);
  };

  const schedule = () => {
    if (closed || timer || !Number.isFinite(delay)) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch((err: unknown) => {
        backgroundError = err;
        deps.onError?.(err);
      });
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  };

  /** Note a write and drop its marker. Call holding the entry's lock, after its files are in place. */
  const markChanged = async (id: string, key: string) => {
    notes.set(id, { key });
    unsaved++;
    await markPending(fs, root, id);
    schedule();
  };

  /** Commit the entries named by pending markers. Hold the project lock. */
  async function commitPending(): Promise<string | undefined> {
    await recover();
    const markers = await listPending(fs, root);
    let oid: string | undefined;
    if (markers.length > 0) {
      const ids = [...new Set(markers.map((m) => m.id))];
      const present: string[] = [];
      const absent: string[] = [];
      const put: string[] = [];
      const deleted: string[] = [];
      const done = new Set<string>();
      for (const id of ids) {
        const paths = entryPathsById(id);
        let meta: EntryMeta | undefined;
        try {
          meta = await readMeta(paths);
        } catch {
          // A damaged entry stays uncommitted (and pending) until verify repairs it.
          continue;
        }
        done.add(id);
        if (meta) {
          if (!(await exists(fs, join(root, paths.value)))) await rewritePointer(meta, false);
          present.push(paths.meta, paths.value);
          put.push(meta.key);
        } else {
          absent.push(paths.meta, paths.value);
          deleted.push(notes.get(id)?.key ?? id);
        }
      }
      await stage(repo, present, absent);
      oid = await commitIndex(repo, commitMessage({ put, deleted }));
      await clearPending(fs, markers.filter((m) => done.has(m.id)));
    }
    // Keys are kept only to name deletions in commit messages: drop those no longer pending,
    // whoever committed them.
    const still = new Set((await listPending(fs, root)).map((m) => m.id));
    for (const id of notes.keys()) if (!still.has(id)) notes.delete(id);
    await usage.save(fs, root);
    return oid;
  }

  /** Commit what is pending, then run `fn` with the project lock still held. */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    unsaved = 0;
    return withLock(fs, projectLock, owner, async () => {
      await commitPending();
      const from = await headCommit(repo);
      if (!from) return fn();
      await writeAtomic(fs, root, statePaths.following, `${from}\n`);
      try {
        return await fn();
      } finally {
        // Even when fn failed: a merge it made must not be undone by the next commit.
        await follow(from);
      }
    });
  }

  async function flush(): Promise<string | undefined> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const earlier = backgroundError;
    backgroundError = undefined;
    unsaved = 0;
    const commit = await withLock(fs, projectLock, owner, commitPending);
    if (earlier) throw earlier;
    return commit;
  }

  async function rewritePointer(meta: EntryMeta, mark = true): Promise<void> {
    const paths = name(meta.key);
    const write = () => writeAtomic(fs, root, paths.value, encodePointer({ oid: meta.oid, size: meta.size }));
    // Within a commit (no mark) the project lock is held; a repair writes as puts do.
    if (!mark) return write();
    await lockEntry(paths.id, async () => {
      await write();
      await markChanged(paths.id, meta.key);
    });
  }

  async function discard(id: string): Promise<void> {
    const paths = entryPathsById(id);
    await withLock(fs, entryLock(id), owner, async () => {
      const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
      const dest = join(root, `${statePaths.quarantine}/${stamp}-${id}`);
      await fs.mkdir(dest, { recursive: true });
      for (const file of [paths.meta, paths.value]) {
        await fs.rename(join(root, file), `${dest}/${file.slice(file.lastIndexOf('/') + 1)}`).catch(() => {});
      }
      await fs.rmdir(join(root, paths.dir)).catch(() => {});
      await markChanged(id, id);
    });
  }

  return {
    root,
    paths: name,

    read: (key) => readMeta(name(key)).then((meta) => {
      if (meta && meta.key !== key) {
        throw new XetcacheError('EBADENTRY', `entry ${name(key).meta} holds key ${JSON.stringify(meta.key)}, not the one asked for`);
      }
      return meta;
    }),

    async write(meta, options = {}) {
      const paths = name(meta.key);
      const pointer = encodePointer({ oid: meta.oid, size: meta.size });
      const result = await withLock(fs, entryLock(paths.id), owner, async () => {
        if (options.ifAbsent) {
          const existing = await readMeta(paths).catch(() => undefined);
          if (existing && existing.key === meta.key && !isExpired(existing, now())) return { meta: existing, written: false };
        }
        // Pointer first, metadata last: the metadata file is what makes the entry exist. The
        // marker comes last and still under the lock, so a pull's checkout that takes the lock
        // sees either no write or a finished write with its marker.
        await writeAtomic(fs, root, paths.value, pointer);
        await writeAtomic(fs, root, paths.meta, encodeEntry(meta));
        await markChanged(paths.id, meta.key);
        return { meta, written: true };
      });
      usage.touch(paths.id, now());
      return result;
    },

    async remove(key) {
      const paths = name(key);
      const removed = await withLock(fs, entryLock(paths.id), owner, async () => {
        const meta = await readMeta(paths).catch(() => undefined);
        const had = meta !== undefined || (await exists(fs, join(root, paths.value)));
        await removeFile(fs, join(root, paths.meta));
        await removeFile(fs, join(root, paths.value));
        await fs.rmdir(join(root, paths.dir)).catch(() => {});
        await fs.rmdir(join(root, paths.dir.slice(0, paths.dir.lastIndexOf('/')))).catch(() => {});
        if (!had) return undefined;
        await markChanged(paths.id, key);
        return meta ?? null;
      });
      return removed ?? undefined;
    },

    async *entries() {
      const top = join(root, ENTRIES_DIR);
      for (const a of (await listDir(fs, top)).sort()) {
        if (!/^[0-9a-f]{2}$/.test(a)) continue;
        for (const b of (await listDir(fs, `${top}/${a}`)).sort()) {
          const id = a + b;
          if (!isEntryId(id)) continue;
          const paths = entryPathsById(id);
          try {
            const meta = await readMeta(paths);
            if (meta) yield { id, meta };
          } catch (err) {
            yield { id, error: err instanceof XetcacheError ? err : new XetcacheError('EBADENTRY', String(err)) };
          }
        }
      }
    },

    rewritePointer: (meta) => rewritePointer(meta),
    discard,
    readPointer: (key) => readText(fs, join(root, name(key).value)),
    recordHit: (id) => usage.hit(id, now()),
    recordMiss: () => usage.miss(),
    usage: () => usage.snapshot(fs, root),
    pendingCount: async () => new Set((await listPending(fs, root)).map((m) => m.id)).size,
    flush,
    exclusive,
    hasUnsaved: () => unsaved > 0 || usage.dirty,

    async close() {
      if (closed) return;
      await flush();
      closed = true;
    },
  };
}
