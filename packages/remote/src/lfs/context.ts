// What every LFS operation is handed.

import type { Sha256Factory } from '@xetcache/core';
import type { HttpClient, Sleep } from '../http/types.js';

export interface LfsClientDeps {
  /** Usually createHttpClient(…) with credentials for the LFS server's origin. */
  http: HttpClient;
  /** The LFS server URL, e.g. from lfsEndpoint(remote). */
  endpoint: string;
  now: () => number;
  sleep: Sleep;
  /** SHA-256 for checking downloads (core's createWasmSha256, or nodeSha256 in Node). */
  sha256: Sha256Factory;
  /** Transfer adapters offered in batch requests; default ['basic']. */
  transfers?: string[];
  /** Actions expiring sooner than this are asked for again; default 5 s, as git-lfs. */
  expiryMarginMs?: number;
  /** How many times a broken download resumes; default 5. */
  maxResumes?: number;
  /** Objects transferred at once by the many-object helpers; default 8, as git-lfs. */
  parallel?: number;
}

export interface LfsContext extends Required<Omit<LfsClientDeps, 'transfers'>> {
  transfers: string[];
}

export function lfsContext(deps: LfsClientDeps): LfsContext {
  return {
    transfers: ['basic'],
    expiryMarginMs: 5_000,
    maxResumes: 5,
    parallel: 8,
    ...deps,
    endpoint: deps.endpoint.replace(/\/+$/, ''),
  };
}
