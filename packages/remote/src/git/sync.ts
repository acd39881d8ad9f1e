// Clone, pull and push of a cache project's git history with isomorphic-git. Values are not
// part of it: the working tree holds git-LFS pointers, and value bytes move separately (the
// chunk transfer or LFS). Runs wherever isomorphic-git runs: fs and http come in as arguments.

import * as git from 'isomorphic-git';
import { RemoteError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { entryFile, winner } from './entry-merge.js';
import { gitHttp } from './http-plugin.js';

export type GitFs = Parameters<typeof git.clone>[0]['fs'];

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

/**
 * The value pointers to keep, for entries both sides changed: isomorphic-git hands a merge
 * driver the file's base name only, so the driver cannot look up the entry's meta.json itself.
 * Keyed by the two pointer texts.
 */
async function valueWinners(deps: GitSyncDeps, dir: string, ours: string, theirs: string): Promise<Map<string, string>> {
  const winners = new Map<string, string>();
  await git.walk({
    fs: deps.fs,
    dir,
    trees: [git.TREE({ ref: ours }), git.TREE({ ref: theirs })],
    cache: deps.cache ?? {},
    map: async (filepath, entries) => {
      const [a, b] = entries ?? [];
      if (!a || !b) return filepath === '.' ? true : null;
      if ((await a.type()) === 'tree') return (await a.oid()) === (await b.oid()) ? null : true;
      const file = entryFile(filepath);
      if (file?.file !== 'meta.json' || (await a.oid()) === (await b.oid())) return null;
      const metas = [await blobText(deps, dir, ours, filepath), await blobText(deps, dir, theirs, filepath)] as const;
      const values = [await blobText(deps, dir, ours, `${file.dir}/value`), await blobText(deps, dir, theirs, `${file.dir}/value`)] as const;
      winners.set(`${values[0]}\0${values[1]}`, values[winner(metas[0], metas[1])]);
      return null;
    },
  });
  return winners;
}

/** Our lines, then theirs we lack: both sides' attributes hold (the entry line is the same on each). */
function unionLines(ours: string, theirs: string): string {
  const lines = ours.split('\n').filter((l) => l !== '');
  for (const line of theirs.split('\n')) if (line !== '' && !lines.includes(line)) lines.push(line);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** A merge driver applying the entry rule to meta.json and value files; any other file conflicts. */
function entryDriver(values: Map<string, string>): git.MergeDriverCallback {
  return ({ path, contents }) => {
    const ours = contents[1] ?? '';
    const theirs = contents[2] ?? '';
    if (path === 'meta.json') return { cleanMerge: true, mergedText: winner(ours, theirs) === 0 ? ours : theirs };
    if (path === '.gitattributes') return { cleanMerge: true, mergedText: unionLines(ours, theirs) };
    const kept = path === 'value' ? values.get(`${ours}\0${theirs}`) : undefined;
    return kept === undefined ? { cleanMerge: false, mergedText: ours } : { cleanMerge: true, mergedText: kept };
  };
}

async function blobText(deps: GitSyncDeps, dir: string, commit: string, filepath: string): Promise<string> {
  try {
    const { blob } = await git.readBlob({ fs: deps.fs, dir, oid: commit, filepath, cache: deps.cache ?? {} });
    return new TextDecoder().decode(blob);
  } catch {
    return '';
  }
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
      const tx = x ? await x.type() : undefined;
      const ty = y ? await y.type() : undefined;
      if (tx === 'tree' || ty === 'tree') return true;
      const ox = x ? await x.oid() : undefined;
      const oy = y ? await y.oid() : undefined;
      if (ox !== oy) out.push(filepath);
      return true;
    },
  });
  return out;
}

/**
 * Fetch the remote's branch and merge it into ours (the entry rule settles two versions of one
 * entry), then bring the working tree up to date. Commit local changes first: the merge is of
 * commits.
 */
export async function pullProject(deps: GitSyncDeps, dir: string, author: GitIdentity): Promise<PullResult> {
  const cache = deps.cache ?? {};
  const before = await resolve(deps, dir, BRANCH);
  await git.fetch({ fs: deps.fs, http: gitHttp(deps.http), dir, remote: REMOTE, ref: BRANCH, singleBranch: true, cache });
  const theirs = await resolve(deps, dir, REMOTE_REF);
  if (!theirs || theirs === before) return { before, after: before, changed: [] };
  if (!before) {
    // Nothing local yet: take theirs as it is.
    await git.writeRef({ fs: deps.fs, dir, ref: `refs/heads/${BRANCH}`, value: theirs, force: true });
  } else {
    const ours = before;
    await git.merge({
      fs: deps.fs,
      dir,
      ours: BRANCH,
      theirs: REMOTE_REF,
      author: { ...author, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 },
      message: `xetcache: merge ${REMOTE}/${BRANCH}\n`,
      mergeDriver: entryDriver(await valueWinners(deps, dir, ours, theirs)),
      // A project made locally and then pointed at a hub project that has its own first commit.
      allowUnrelatedHistories: true,
      cache,
    });
  }
  const after = await resolve(deps, dir, BRANCH);
  const changed = await changedPaths(deps, dir, before, after);
  await git.checkout({ fs: deps.fs, dir, ref: BRANCH, cache, force: true });
  return { before, after, changed };
}

export interface PushOptions {
  /** How many times to pull and push again when the remote moved meanwhile. */
  attempts?: number;
}

/**
 * Push our branch. When someone pushed first (not a fast-forward), pull, merge and push again:
 * two people pushing at once both keep their entries.
 */
export async function pushProject(deps: GitSyncDeps, dir: string, author: GitIdentity, { attempts = 5 }: PushOptions = {}): Promise<{ pulled: string[] }> {
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
    const result = await pullProject(deps, dir, author);
    pulled.push(...result.changed);
  }
}
