// The working tree follows the branch after a merge from a hub moved it: only the paths that
// changed between the two commits are written, entry by entry, each under its entry lock, so a
// put never interleaves with the rewrite of its entry. An entry written on this machine since
// the last commit (it has a pending marker) keeps its files: that write is newer than the merge,
// and its marker commits it on top. Files are replaced as puts replace them (pointer first,
// meta.json last; meta.json removed first), so readers see whole entries. Run under the project
// lock: the index is updated here.

import * as git from 'isomorphic-git';
import { gitFs, type ProjectFs } from './fs/port.js';
import { join, removeFile, writeAtomic } from './files.js';
import { listPending } from './journal.js';
import { ENTRIES_DIR, META_FILE } from './layout.js';

export interface CheckoutContext {
  fs: ProjectFs;
  root: string;
  cache: object;
  /** Run `fn` holding the lock of entry `id`. */
  lockEntry<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

export interface CheckoutReport {
  /** Paths brought to the new commit. */
  written: string[];
  /** Entries (ids) left as this machine wrote them, to be committed on top. */
  kept: string[];
}

interface Change {
  path: string;
  /** The blob in the new commit; undefined when the path is gone. */
  oid?: string;
}

const ENTRY_PATH = new RegExp(`^${ENTRIES_DIR}/([0-9a-f]{2})/([0-9a-f]{62})/[^/]+$`);

async function rootTree(ctx: CheckoutContext, commit: string | undefined): Promise<string | undefined> {
  if (!commit) return undefined;
  return (await git.readTree({ fs: gitFs(ctx.fs), dir: ctx.root, oid: commit, cache: ctx.cache })).oid;
}

async function treeEntries(ctx: CheckoutContext, oid: string | undefined): Promise<Map<string, { oid: string; type: string }>> {
  const out = new Map<string, { oid: string; type: string }>();
  if (!oid) return out;
  const { tree } = await git.readTree({ fs: gitFs(ctx.fs), dir: ctx.root, oid, cache: ctx.cache });
  for (const e of tree) out.set(e.path, { oid: e.oid, type: e.type });
  return out;
}

/** Files that differ between two trees; subtrees with the same oid are not read. */
async function diff(ctx: CheckoutContext, a: string | undefined, b: string | undefined, prefix: string, out: Change[]): Promise<void> {
  if (a === b) return;
  const [x, y] = await Promise.all([treeEntries(ctx, a), treeEntries(ctx, b)]);
  for (const name of [...new Set([...x.keys(), ...y.keys()])].sort()) {
    const before = x.get(name);
    const after = y.get(name);
    if (before?.oid === after?.oid) continue;
    const path = `${prefix}${name}`;
    const subBefore = before?.type === 'tree' ? before.oid : undefined;
    const subAfter = after?.type === 'tree' ? after.oid : undefined;
    if (before && before.type !== 'tree' && after?.type !== 'blob') out.push({ path });
    if (subBefore || subAfter) await diff(ctx, subBefore, subAfter, `${path}/`, out);
    if (after?.type === 'blob') out.push({ path, oid: after.oid });
  }
}

/** Write and remove `changes` in the working tree and the index; value before meta.json, meta.json removed first. */
async function apply(ctx: CheckoutContext, changes: Change[]): Promise<void> {
  const metaLast = (c: Change) => (c.path.endsWith(`/${META_FILE}`) === (c.oid !== undefined) ? 1 : 0);
  const ordered = [...changes].sort((p, q) => metaLast(p) - metaLast(q));
  const fs = gitFs(ctx.fs);
  for (const change of ordered) {
    if (change.oid) {
      const { blob } = await git.readBlob({ fs, dir: ctx.root, oid: change.oid, cache: ctx.cache });
      await writeAtomic(ctx.fs, ctx.root, change.path, blob);
    } else {
      await removeFile(ctx.fs, join(ctx.root, change.path));
    }
  }
  const present = ordered.filter((c) => c.oid).map((c) => c.path);
  if (present.length) await git.add({ fs, dir: ctx.root, filepath: present, cache: ctx.cache });
  for (const change of ordered) {
    if (change.oid) continue;
    await git.remove({ fs, dir: ctx.root, filepath: change.path, cache: ctx.cache }).catch(() => {});
    // Directories left empty go, as git leaves none (the rmdir of a non-empty one fails).
    for (let dir = change.path.slice(0, change.path.lastIndexOf('/')); dir; dir = dir.slice(0, Math.max(dir.lastIndexOf('/'), 0))) {
      if (!(await ctx.fs.rmdir(join(ctx.root, dir)).then(() => true, () => false))) break;
    }
  }
}

/**
 * The index only, to the new commit: for an entry that keeps this machine's files. Its marker
 * stages those files at the next commit; meanwhile, should that commit leave the entry out (a
 * damaged entry stays pending), the index still holds the merge rather than undoing it.
 */
async function stageOnly(ctx: CheckoutContext, changes: Change[]): Promise<void> {
  const fs = gitFs(ctx.fs);
  for (const change of changes) {
    if (change.oid) await git.updateIndex({ fs, dir: ctx.root, filepath: change.path, oid: change.oid, mode: 0o100644, add: true, cache: ctx.cache });
    else await git.updateIndex({ fs, dir: ctx.root, filepath: change.path, remove: true, force: true, cache: ctx.cache });
  }
}

/**
 * Bring the working tree and index from commit `from` to commit `to` (the branch after a merge).
 * Hold the project lock.
 */
export async function checkoutChanges(ctx: CheckoutContext, from: string | undefined, to: string): Promise<CheckoutReport> {
  const changes: Change[] = [];
  await diff(ctx, await rootTree(ctx, from), await rootTree(ctx, to), '', changes);
  const others: Change[] = [];
  const entries = new Map<string, Change[]>();
  for (const change of changes) {
    const match = ENTRY_PATH.exec(change.path);
    if (!match) {
      others.push(change);
      continue;
    }
    const id = match[1]! + match[2]!;
    entries.set(id, [...(entries.get(id) ?? []), change]);
  }
  const report: CheckoutReport = { written: [], kept: [] };
  // Files outside entries (.gitattributes, .lfsconfig) are written under the project lock only.
  await apply(ctx, others);
  report.written.push(...others.map((c) => c.path));
  for (const [id, files] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await ctx.lockEntry(id, async () => {
      // Markers are made under the entry lock, after the files: seen here, a write is complete.
      if ((await listPending(ctx.fs, ctx.root)).some((m) => m.id === id)) {
        await stageOnly(ctx, files);
        report.kept.push(id);
        return;
      }
      await apply(ctx, files);
      report.written.push(...files.map((c) => c.path));
    });
  }
  return report;
}
