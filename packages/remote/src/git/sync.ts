// Clone, pull and push of a cache project's git history with isomorphic-git. Values are not
// part of it: the working tree holds git-LFS pointers, and value bytes move separately (the
// chunk transfer or LFS). Runs wherever isomorphic-git runs: fs and http come in as arguments.

import * as git from 'isomorphic-git';
import { RemoteError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { gitHttp } from './http-plugin.js';
import { mergeTrees, type GitFs } from './tree-merge.js';

export type { GitFs };

export interface GitSyncDeps {
  fs: GitFs;
  /** The HTTP client, credentials included. */
  http: HttpClient;
  /** isomorphic-git's object cache, shared by the calls of one process. */
  cache?: object;
}

export interface GitIdentity {
  name: string;
  email: string;
}

const BRANCH = 'main';
const REMOTE = 'origin';
const REMOTE_REF = `refs/remotes/${REMOTE}/${BRANCH}`;

/** Clone `url` into `dir`: the history and a working tree of pointers; no value bytes. */
export async function cloneProject(deps: GitSyncDeps, dir: string, url: string): Promise<void> {
  await git.clone({ fs: deps.fs, http: gitHttp(deps.http), dir, url, ref: BRANCH, singleBranch: true, cache: deps.cache ?? {} });
}

/** Name `url` as the project's remote (replacing one there). */
export async function setRemote(deps: Pick<GitSyncDeps, 'fs'>, dir: string, url: string): Promise<void> {
  await git.addRemote({ fs: deps.fs, dir, remote: REMOTE, url, force: true });
}

export async function remoteUrl(deps: Pick<GitSyncDeps, 'fs'>, dir: string): Promise<string | undefined> {
  const remotes = await git.listRemotes({ fs: deps.fs, dir });
  return remotes.find((r) => r.remote === REMOTE)?.url;
}

export interface PullResult {
  /** The commit before and after; equal when nothing came. */
  before: string | undefined;
  after: string | undefined;
  /** Entry files that the pull changed, added or removed (paths in the repository). */
  changed: string[];
}

async function resolve(deps: GitSyncDeps, dir: string, ref: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs: deps.fs, dir, ref });
  } catch {
    return undefined;
  }
}

async function changedPaths(deps: GitSyncDeps, dir: string, a: string | undefined, b: string | undefined): Promise<string[]> {
  if (!b || a === b) return [];
  const trees = a ? [git.TREE({ ref: a }), git.TREE({ ref: b })] : [git.TREE({ ref: b })];
  const out: string[] = [];
  await git.walk({
    fs: deps.fs,
    dir,
    trees,
    cache: deps.cache ?? {},
    map: async (filepath, entries) => {
      if (filepath === '.') return true;
      const [x, y] = a ? entries : [null, entries?.[0] ?? null];
      const ox = x ? await x.oid() : undefined;
      const oy = y ? await y.oid() : undefined;
      // Equal subtrees hold no change: not walked.
      if (ox === oy) return null;
      const tx = x ? await x.type() : undefined;
      const ty = y ? await y.type() : undefined;
      if (tx === 'tree' || ty === 'tree') return true;
      out.push(filepath);
      return true;
    },
  });
  return out;
}

export interface PullOptions {
  /**
   * Bring the working tree and index to the new commit (default true). A cache project passes
   * false and does it itself, entry by entry under each entry's lock (docs/cache-project.md).
   */
  checkout?: boolean;
}

function signature(author: GitIdentity) {
  return { ...author, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 };
}

/**
 * Merge `theirs` into our branch: nothing when we have it already, a fast-forward when we have
 * nothing of our own, else a merge commit of the two with the tree `mergeTrees` makes.
 */
async function mergeInto(deps: GitSyncDeps, dir: string, ours: string, theirs: string, author: GitIdentity): Promise<void> {
  const cache = deps.cache ?? {};
  const bases = await git.findMergeBase({ fs: deps.fs, dir, oids: [ours, theirs], cache });
  if (bases.includes(theirs)) return;
  let head = theirs;
  if (!bases.includes(ours)) {
    // A project made locally and then pointed at a hub project that has its own first commit
    // has no base. A single hub branch makes several bases unlikely; the lowest oid is taken so
    // every machine picks the same.
    const base = [...bases].sort()[0];
    const tree = await mergeTrees({ fs: deps.fs, dir, cache }, base, ours, theirs);
    const who = signature(author);
    head = await git.writeCommit({
      fs: deps.fs,
      dir,
      commit: { message: `xetcache: merge ${REMOTE}/${BRANCH}\n`, tree, parent: [ours, theirs], author: who, committer: who },
    });
  }
  await git.writeRef({ fs: deps.fs, dir, ref: `refs/heads/${BRANCH}`, value: head, force: true });
}

/**
 * Fetch the remote's branch and merge it into ours (the entry rule settles entries both sides
 * changed), then, unless told not to, bring the working tree up to date. Commit local changes
 * first: the merge is of commits.
 */
export async function pullProject(deps: GitSyncDeps, dir: string, author: GitIdentity, options: PullOptions = {}): Promise<PullResult> {
  const cache = deps.cache ?? {};
  const before = await resolve(deps, dir, BRANCH);
  await git.fetch({ fs: deps.fs, http: gitHttp(deps.http), dir, remote: REMOTE, ref: BRANCH, singleBranch: true, cache });
  const theirs = await resolve(deps, dir, REMOTE_REF);
  if (!theirs || theirs === before) return { before, after: before, changed: [] };
  if (!before) {
    // Nothing local yet: take theirs as it is.
    await git.writeRef({ fs: deps.fs, dir, ref: `refs/heads/${BRANCH}`, value: theirs, force: true });
  } else {
    await mergeInto(deps, dir, before, theirs, author);
  }
  const after = await resolve(deps, dir, BRANCH);
  const changed = await changedPaths(deps, dir, before, after);
  if (after !== before && options.checkout !== false) await git.checkout({ fs: deps.fs, dir, ref: BRANCH, cache, force: true });
  return { before, after, changed };
}

export interface PushOptions extends PullOptions {
  /** How many times to pull and push again when the remote moved meanwhile. */
  attempts?: number;
}

/**
 * Push our branch. When someone pushed first (not a fast-forward), pull, merge and push again:
 * two people pushing at once both keep their entries.
 */
export async function pushProject(deps: GitSyncDeps, dir: string, author: GitIdentity, { attempts = 5, ...pull }: PushOptions = {}): Promise<{ pulled: string[] }> {
  const pulled: string[] = [];
  for (let attempt = 1; ; attempt++) {
    let rejected = false;
    try {
      const result = await git.push({ fs: deps.fs, http: gitHttp(deps.http), dir, remote: REMOTE, ref: BRANCH, cache: deps.cache ?? {} });
      if (result.ok) return { pulled };
      rejected = true;
      if (!Object.values(result.refs).some((r) => /fast.?forward|fetch first|stale/i.test(r.error))) {
        throw new RemoteError('EHTTP', `the hub refused the push: ${result.error ?? Object.values(result.refs).map((r) => r.error).join('; ')}`);
      }
    } catch (err) {
      if (!(err instanceof git.Errors.PushRejectedError)) throw err;
      rejected = true;
    }
    if (rejected && attempt >= attempts) throw new RemoteError('EHTTP', `the push was rejected ${attempts} times: others keep pushing; try again`);
    const result = await pullProject(deps, dir, author, pull);
    pulled.push(...result.changed);
  }
}
