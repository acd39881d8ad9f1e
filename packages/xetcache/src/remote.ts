// A project's remote for Node: the hub it was cloned from (git remote `origin`), an HTTP
// client with the credentials in force for that hub, and the value transfer to and from it.

import * as fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import type { Blake3, ChunkStore, EntryMeta } from '@xetcache/core';
import type { Auth } from '@xetcache/auth';
import {
  authCredentials,
  createHttpClient,
  createLfsClient,
  fetchValue,
  lfsEndpoint,
  remoteUrl,
  type HttpClient,
  type ValueSyncDeps,
  type ValueTransfer,
} from '@xetcache/remote';
import { createWasmSha256 } from '@xetcache/core';

export interface ProjectRemote {
  /** The git remote, `<hub>/<owner>/<name>.git`. */
  url: string;
  /** The LFS base of the project. */
  lfs: string;
  http: HttpClient;
  values: ValueSyncDeps;
}

export interface RemoteDeps {
  auth: Auth;
  store: ChunkStore;
  blake3: Blake3;
  retry?: HubRetry;
}

/** How hard a request tries before it fails: attempts in all (default 8, riding over a hub restart). */
export interface HubRetry {
  maxAttempts?: number;
}

export function hubHttp(auth: Auth, url: string, retry?: HubRetry): HttpClient {
  const origin = new URL(url).origin;
  return createHttpClient({
    fetch: globalThis.fetch,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      }),
    now: Date.now,
    random: Math.random,
    credentials: { provider: authCredentials((o) => auth.resolveCredentials(o), origin), origins: [origin] },
    ...(retry ? { retry } : {}),
  });
}

/** The remote of the project in `dir`, or undefined for a project that has none. */
export async function projectRemote(dir: string, deps: RemoteDeps): Promise<ProjectRemote | undefined> {
  const url = await remoteUrl({ fs }, dir).catch(() => undefined);
  if (!url) return undefined;
  const http = hubHttp(deps.auth, url, deps.retry);
  const lfs = lfsEndpoint(url);
  const lfsClient = createLfsClient({ http, endpoint: lfs, now: Date.now, sleep: async () => {}, sha256: await createWasmSha256() });
  return { url, lfs, http, values: { http, lfs: lfsClient, endpoint: lfs, store: deps.store, blake3: deps.blake3 } };
}

/** The git remote of `owner/name` on a hub. */
export function hubProjectUrl(endpoint: string, name: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${name}.git`;
}

/** Whether values are fetched on first use (a lazy clone) rather than on pull. */
export async function isLazy(dir: string): Promise<boolean> {
  return (await git.getConfig({ fs, dir, path: 'xetcache.lazy' }).catch(() => undefined)) === 'true';
}

export async function setLazy(dir: string, lazy: boolean): Promise<void> {
  await git.setConfig({ fs, dir, path: 'xetcache.lazy', value: lazy ? 'true' : 'false' });
}

/** `.lfsconfig` naming the hub's LFS URL (SPEC §2), so stock git-lfs finds it. Returns whether it changed. */
export async function writeLfsConfig(dir: string, lfs: string): Promise<boolean> {
  const text = `[lfs]\n\turl = ${lfs}\n`;
  const current = await fs.promises.readFile(join(dir, '.lfsconfig'), 'utf8').catch(() => undefined);
  if (current === text) return false;
  await writeFile(join(dir, '.lfsconfig'), text);
  return true;
}

/** The fetchValue hook of a project with a remote: the value's missing chunks, verified, into the store. */
export function valueFetcher(remote: ProjectRemote, onProgress?: (p: ValueTransfer) => void): (meta: EntryMeta) => Promise<void> {
  return async (meta) => {
    await fetchValue(remote.values, { oid: meta.oid, size: meta.size }, onProgress);
  };
}
