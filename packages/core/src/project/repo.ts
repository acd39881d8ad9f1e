// The git side of a cache project, through isomorphic-git: create the repository with its first
// commit, and commit batches of entries.

import * as git from 'isomorphic-git';
import type { ProjectFs } from './fs/port.js';
import { gitFs } from './fs/port.js';
import { exists, join, readText, writeAtomic } from './files.js';
import { GITATTRIBUTES } from './layout.js';

export interface GitAuthor {
  name: string;
  email: string;
}

export interface RepoContext {
  fs: ProjectFs;
  root: string;
  author: GitAuthor;
  now: () => number;
  /** isomorphic-git's object cache, shared by the calls of one process. */
  cache: object;
}

function signature(ctx: RepoContext) {
  return { ...ctx.author, timestamp: Math.floor(ctx.now() / 1000), timezoneOffset: 0 };
}

export async function hasRepo(ctx: RepoContext): Promise<boolean> {
  return exists(ctx.fs, join(ctx.root, '.git/HEAD'));
}

export async function headCommit(ctx: RepoContext): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs: gitFs(ctx.fs), dir: ctx.root, ref: 'HEAD' });
  } catch {
    return undefined;
  }
}

/** git init on `main`; call again safely. */
export async function initRepo(ctx: RepoContext): Promise<void> {
  await ctx.fs.mkdir(ctx.root, { recursive: true });
  await git.init({ fs: gitFs(ctx.fs), dir: ctx.root, defaultBranch: 'main' });
}

/**
 * The first commit: `.gitattributes` marking value files as git-LFS. In a repository that
 * already has commits (a directory the user pointed at), add the line if it is missing.
 * Hold the project lock.
 */
export async function firstCommit(ctx: RepoContext): Promise<void> {
  const head = await headCommit(ctx);
  const current = (await readText(ctx.fs, join(ctx.root, '.gitattributes'))) ?? '';
  if (head && current.split('\n').includes(GITATTRIBUTES.trimEnd())) return;
  const text = head ? `${current}${current && !current.endsWith('\n') ? '\n' : ''}${GITATTRIBUTES}` : GITATTRIBUTES;
  await writeAtomic(ctx.fs, ctx.root, '.gitattributes', text);
  const fs = gitFs(ctx.fs);
  await git.add({ fs, dir: ctx.root, filepath: '.gitattributes', cache: ctx.cache });
  await git.commit({
    fs,
    dir: ctx.root,
    message: head ? 'xetcache: mark entry values as git-LFS\n' : 'xetcache: new cache project\n',
    author: signature(ctx),
    cache: ctx.cache,
  });
}

export interface Staged {
  put: string[];
  deleted: string[];
}

/** Stage the given paths as they are in the working tree (present → add, absent → remove). */
export async function stage(ctx: RepoContext, present: string[], absent: string[]): Promise<void> {
  const fs = gitFs(ctx.fs);
  for (const filepath of present) await git.add({ fs, dir: ctx.root, filepath, cache: ctx.cache });
  for (const filepath of absent) {
    // Not tracked yet (written and deleted between two commits) is fine.
    await git.remove({ fs, dir: ctx.root, filepath, cache: ctx.cache }).catch(() => {});
  }
}

const MAX_LISTED = 50;

function describe(key: string): string {
  const shown = key.length > 120 ? `${key.slice(0, 117)}...` : key;
  return JSON.stringify(shown);
}

export function commitMessage(staged: Staged): string {
  const counts = [
    staged.put.length ? `put ${staged.put.length}` : '',
    staged.deleted.length ? `delete ${staged.deleted.length}` : '',
  ].filter(Boolean);
  const lines = [
    ...[...staged.put].sort().map((k) => `put ${describe(k)}`),
    ...[...staged.deleted].sort().map((k) => `delete ${describe(k)}`),
  ];
  const listed = lines.slice(0, MAX_LISTED);
  if (lines.length > MAX_LISTED) listed.push(`... and ${lines.length - MAX_LISTED} more`);
  return `xetcache: ${counts.join(', ') || 'update'}\n\n${listed.join('\n')}\n`;
}

/** Commit the index; undefined when nothing changed. */
export async function commitIndex(ctx: RepoContext, message: string): Promise<string | undefined> {
  try {
    return await git.commit({
      fs: gitFs(ctx.fs),
      dir: ctx.root,
      message,
      author: signature(ctx),
      disallowEmpty: true,
      cache: ctx.cache,
    });
  } catch (err) {
    if (err && typeof err === 'object' && (err as { code?: string }).code === 'EmptyCommitError') return undefined;
    throw err;
  }
}
