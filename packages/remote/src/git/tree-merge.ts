// The three-way merge of a cache project's trees, entry by entry. An entry (its directory: the
// meta.json and the value pointer) is the unit: it is taken whole from one side, so a merged
// entry never mixes one side's metadata with the other's pointer. Only subtrees that both sides
// changed are read. isomorphic-git's own merge works file by file, refuses delete/modify
// conflicts and hands a merge driver only base names; this one needs neither.

import * as git from 'isomorphic-git';
import { isEntryDir, mergeEntry } from './entry-merge.js';

export type GitFs = Parameters<typeof git.readTree>[0]['fs'];

export interface TreeMergeContext {
  fs: GitFs;
  dir: string;
  cache: object;
}

/** A tree entry: a blob, a tree (or a submodule commit, which nothing here writes). */
interface Node {
  mode: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

type Slot = Node | undefined;

const TREE_MODE = '040000';

function same(a: Slot, b: Slot): boolean {
  if (!a || !b) return a === b;
  return a.oid === b.oid && a.mode === b.mode;
}

async function children(ctx: TreeMergeContext, node: Slot): Promise<Map<string, Node>> {
  const out = new Map<string, Node>();
  if (node?.type !== 'tree') return out;
  const { tree } = await git.readTree({ fs: ctx.fs, dir: ctx.dir, oid: node.oid, cache: ctx.cache });
  for (const entry of tree) out.set(entry.path, { mode: entry.mode, oid: entry.oid, type: entry.type });
  return out;
}

async function blobText(ctx: TreeMergeContext, oid: string): Promise<string> {
  const { blob } = await git.readBlob({ fs: ctx.fs, dir: ctx.dir, oid, cache: ctx.cache });
  return new TextDecoder().decode(blob);
}

/** An entry directory's meta.json text, or '' when it has none (a damaged entry). */
async function metaOf(ctx: TreeMergeContext, node: Node): Promise<string> {
  const meta = (await children(ctx, node)).get('meta.json');
  return meta?.type === 'blob' ? blobText(ctx, meta.oid) : '';
}

/** The lines of both; the order of whichever text sorts first, so both sides write the same file. */
export function unionLines(a: string, b: string): string {
  const [first, second] = a <= b ? [a, b] : [b, a];
  const lines = first.split('\n').filter((l) => l !== '');
  for (const line of second.split('\n')) if (line !== '' && !lines.includes(line)) lines.push(line);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

interface Merge {
  ctx: TreeMergeContext;
  conflicts: string[];
}

async function mergeEntryDir(m: Merge, ours: Slot, theirs: Slot): Promise<Slot> {
  const version = async (n: Slot) => (n ? { meta: n.type === 'tree' ? await metaOf(m.ctx, n) : '', id: n.oid } : undefined);
  return mergeEntry(await version(ours), await version(theirs)) === 0 ? ours : theirs;
}

async function mergeDir(m: Merge, path: string, base: Slot, ours: Slot, theirs: Slot): Promise<Slot> {
  const [b, o, t] = await Promise.all([children(m.ctx, base), children(m.ctx, ours), children(m.ctx, theirs)]);
  const names = [...new Set([...b.keys(), ...o.keys(), ...t.keys()])].sort();
  const tree: git.TreeEntry[] = [];
  for (const name of names) {
    const merged = await mergeNode(m, path ? `${path}/${name}` : name, b.get(name), o.get(name), t.get(name));
    if (merged) tree.push({ mode: merged.mode, path: name, oid: merged.oid, type: merged.type });
  }
  // A directory emptied by the merge goes, as git drops empty directories; the root stays.
  if (!tree.length && path !== '') return undefined;
  const oid = await git.writeTree({ fs: m.ctx.fs, dir: m.ctx.dir, tree });
  return { mode: TREE_MODE, oid, type: 'tree' };
}

async function mergeNode(m: Merge, path: string, base: Slot, ours: Slot, theirs: Slot): Promise<Slot> {
  if (same(ours, theirs)) return ours;
  if (same(base, ours)) return theirs;
  if (same(base, theirs)) return ours;
  // Both sides changed this path, differently.
  if (isEntryDir(path)) return mergeEntryDir(m, ours, theirs);
  const treeOrNone = (n: Slot) => !n || n.type === 'tree';
  if (treeOrNone(ours) && treeOrNone(theirs)) {
    // A directory on one side at least (entries/, entries/<aa>/): merged child by child, so a
    // side that removed a whole directory still keeps the other side's changes inside it.
    return mergeDir(m, path, base?.type === 'tree' ? base : undefined, ours, theirs);
  }
  // A file changed on one side and deleted on the other: the change is kept.
  if (!ours) return theirs;
  if (!theirs) return ours;
  if (path === '.gitattributes' && ours.type === 'blob' && theirs.type === 'blob') {
    const text = unionLines(await blobText(m.ctx, ours.oid), await blobText(m.ctx, theirs.oid));
    const oid = await git.writeBlob({ fs: m.ctx.fs, dir: m.ctx.dir, blob: new TextEncoder().encode(text) });
    return { mode: ours.mode, oid, type: 'blob' };
  }
  m.conflicts.push(path);
  return ours;
}

async function rootOf(ctx: TreeMergeContext, commit: string | undefined): Promise<Slot> {
  if (!commit) return undefined;
  const { oid } = await git.readTree({ fs: ctx.fs, dir: ctx.dir, oid: commit, cache: ctx.cache });
  return { mode: TREE_MODE, oid, type: 'tree' };
}

/**
 * Merge the trees of commits `ours` and `theirs` against their merge base (none for unrelated
 * histories) and return the merged tree's oid; the objects are written, no ref or working tree
 * is touched. The rules (docs/sync.md): a path only one side changed takes that side; an entry
 * both changed goes whole to the later `createdAt` (then the greater oid, then the greater text);
 * a changed or re-created entry beats a deletion; `.gitattributes` is the union of its lines.
 * None of them looks at which side is ours, so every machine ends with the same tree. Any other
 * file both sides changed differently is a MergeConflictError.
 */
export async function mergeTrees(ctx: TreeMergeContext, base: string | undefined, ours: string, theirs: string): Promise<string> {
  const m: Merge = { ctx, conflicts: [] };
  const merged = await mergeNode(m, '', await rootOf(ctx, base), await rootOf(ctx, ours), await rootOf(ctx, theirs));
  if (m.conflicts.length) throw new git.Errors.MergeConflictError(m.conflicts, m.conflicts, [], []);
  return merged?.oid ?? (await git.writeTree({ fs: ctx.fs, dir: ctx.dir, tree: [] }));
}
