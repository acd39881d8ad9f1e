// clone, pull and push of a project with its hub, for Node. Values go up before the commit
// that names them, so a pushed commit never points at a value the hub lacks.

import * as fs from 'node:fs';
import * as git from 'isomorphic-git';
import type { CacheStoreApi, EntryMeta } from '@xetcache/core';
import { cloneProject, pullProject, pushProject, pushValues, setRemote, fetchValue, type GitIdentity, type ValueTransfer } from '@xetcache/remote';
import { isLazy, setLazy, writeLfsConfig, type ProjectRemote } from './remote.js';

export interface SyncProgress extends ValueTransfer {
  /** Which phase: values going up, values coming down. */
  phase: 'upload' | 'download';
}

export interface PushReport {
  /** Values sent (bytes processed: all values checked; transferred: bytes that crossed). */
  values: number;
  processed: number;
  transferred: number;
  /** Entry files merged in from others while pushing. */
  pulled: number;
}

export interface PullReport {
  /** Entry files the pull changed. */
  changed: number;
  /** Values downloaded (non-lazy projects only). */
  values: number;
  processed: number;
  transferred: number;
}

/** Clone a hub project into `dir`: history and pointers; values now (eager) or on use (lazy). */
export async function cloneInto(remote: Pick<ProjectRemote, 'http'>, url: string, dir: string, lazy: boolean): Promise<void> {
  await cloneProject({ fs, http: remote.http }, dir, url);
  await setLazy(dir, lazy);
}

/** Point the project at a hub project, and write `.lfsconfig` for it (committed). */
export async function attachRemote(dir: string, url: string, lfs: string, author: GitIdentity): Promise<void> {
  await setRemote({ fs }, dir, url);
  if (await writeLfsConfig(dir, lfs)) {
    await git.add({ fs, dir, filepath: '.lfsconfig' });
    await git.commit({ fs, dir, message: 'xetcache: name the hub LFS server\n', author: { ...author, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 } });
  }
}

async function metas(store: CacheStoreApi): Promise<EntryMeta[]> {
  const out: EntryMeta[] = [];
  for (const key of await store.keys()) {
    const meta = await store.getArtifact(key).catch(() => undefined);
    if (meta) out.push(meta);
  }
  return out;
}

/** Commit pending entries, send the values the hub lacks, then push (pulling first if others pushed). */
export async function pushAll(
  store: CacheStoreApi,
  dir: string,
  remote: ProjectRemote,
  author: GitIdentity,
  onProgress?: (p: SyncProgress) => void,
): Promise<PushReport> {
  await store.flush();
  // Values first, outside the project lock (they can be large); then, under the lock, the values
  // of entries committed meanwhile (the batch skips those the hub has) and the git push, so no
  // commit interleaves with the merge a rejected push makes.
  const values = await localValues(store, remote);
  const first = await pushValues(remote.values, values, (p) => onProgress?.({ ...p, phase: 'upload' }));
  const { late, pulled } = await store.exclusive(async () => {
    const late = await pushValues(remote.values, await localValues(store, remote));
    // A merge moves only the branch; the project brings the working tree after it, entry by
    // entry under each entry's lock (CacheStoreApi.exclusive).
    return { late, ...(await pushProject({ fs, http: remote.http }, dir, author, { checkout: false })) };
  });
  if (pulled.length && !(await isLazy(dir))) await downloadMissing(store, remote, onProgress);
  return { values: values.length, processed: first.processed, transferred: first.transferred + late.transferred, pulled: pulled.length };
}

/** The values of the project's entries that this machine holds (a lazy clone's others are on the hub). */
async function localValues(store: CacheStoreApi, remote: ProjectRemote): Promise<Array<{ oid: string; size: number }>> {
  const out: Array<{ oid: string; size: number }> = [];
  const seen = new Set<string>();
  for (const meta of await metas(store)) {
    if (seen.has(meta.oid) || !(await remote.values.store.has(meta.oid))) continue;
    seen.add(meta.oid);
    out.push({ oid: meta.oid, size: meta.size });
  }
  return out;
}

/** Values downloaded side by side: one value's hub round trips and local hashing overlap another's. */
const DOWNLOADS_AT_ONCE = 4;

async function downloadMissing(store: CacheStoreApi, remote: ProjectRemote, onProgress?: (p: SyncProgress) => void) {
  let values = 0;
  let processed = 0;
  let transferred = 0;
  const seen = new Set<string>();
  const queue: Array<{ oid: string; size: number }> = [];
  for (const meta of await metas(store)) {
    if (seen.has(meta.oid) || (await remote.values.store.has(meta.oid))) continue;
    seen.add(meta.oid);
    queue.push({ oid: meta.oid, size: meta.size });
  }
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        const done = await fetchValue(remote.values, next);
        values++;
        processed += done.processed;
        transferred += done.transferred;
        onProgress?.({ processed, transferred, phase: 'download' });
      } catch (err) {
        queue.length = 0; // the others finish the value in hand and stop
        throw err;
      }
    }
  };
  // Every download has ended (done or failed) before the pull reports or fails.
  const ended = await Promise.allSettled(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, queue.length) }, worker));
  const failed = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { values, processed, transferred };
}

/** Commit pending entries, fetch and merge the hub's history; a non-lazy project then downloads the values it lacks. */
export async function pullAll(
  store: CacheStoreApi,
  dir: string,
  remote: ProjectRemote,
  author: GitIdentity,
  onProgress?: (p: SyncProgress) => void,
): Promise<PullReport> {
  // Under the project lock: pending entries are committed first, and no commit interleaves
  // with the merge. The merge moves only the branch; the project then brings the working tree
  // after it, entry by entry under each entry's lock, so a put racing the pull is never
  // overwritten (it is committed on top).
  const result = await store.exclusive(() => pullProject({ fs, http: remote.http }, dir, author, { checkout: false }));
  const fetched = (await isLazy(dir)) ? { values: 0, processed: 0, transferred: 0 } : await downloadMissing(store, remote, onProgress);
  return { changed: result.changed.length, ...fetched };
}
