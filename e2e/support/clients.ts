// A user's side of a test against the hub process: an HTTP client with their credentials, the
// value-transfer deps of a project (@xetcache/remote), and a Node runtime with its own homes.

import { join } from 'node:path';
import { createWasmSha256 } from '@xetcache/core';
import { createBestBlake3 } from '@xetcache/core/node';
import { createHttpClient, createLfsClient, type HttpClient, type ValueSyncDeps } from '@xetcache/remote';
import { Runtime, type Env } from 'xetcache';

export interface Who {
  /** The hub's base URL. */
  url: string;
  user: string;
  token: string;
}

/** An HTTP client sending `who`'s credentials to the hub; `maxAttempts: 1` fails at the first error. */
export function userHttp(who: Who, options: { maxAttempts?: number } = {}): HttpClient {
  return createHttpClient({
    // Read now, not at import: a test may wrap globalThis.fetch first.
    fetch: globalThis.fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    random: Math.random,
    ...(options.maxAttempts ? { retry: { maxAttempts: options.maxAttempts } } : {}),
    credentials: { provider: async () => ({ user: who.user, token: who.token }), origins: [new URL(who.url).origin] },
  });
}

/** What pushValues and fetchValue need for `owner/name` on the hub, with `store` as the local store. */
export async function valueDeps(
  who: Who,
  project: string,
  store: ValueSyncDeps['store'],
  options: { maxAttempts?: number; transfers?: string[] } = {},
): Promise<ValueSyncDeps> {
  const http = userHttp(who, options);
  const endpoint = `${who.url}/${project}.git/info/lfs`;
  const lfs = createLfsClient({ http, endpoint, now: Date.now, sleep: async () => {}, sha256: await createWasmSha256() });
  return { http, lfs, endpoint, store, blake3: await createBestBlake3(), ...(options.transfers ? { transfers: options.transfers } : {}) };
}

/** A runtime for one person on this machine: XETCACHE_HOME and home under `temp`, hub credentials in XET_* variables. */
export function userRuntime(temp: string, name: string, who: Who): Runtime {
  const env: Env = {
    vars: { XETCACHE_HOME: join(temp, name), XET_ENDPOINT: who.url, XET_USER_NAME: who.user, XET_USER_TOKEN: who.token },
    homedir: join(temp, `${name}-home`),
    cwd: temp,
    user: name,
    host: 'box',
    pid: process.pid,
  };
  return new Runtime(env, { commitDelayMs: Infinity });
}
