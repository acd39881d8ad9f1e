// createHub(deps): the hub's parts wired into an express app. It does not listen (main.ts
// does), so tests can build it over the memory twin and drive it in-process.

import type { ChildProcess } from 'node:child_process';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Blake3, ChunkParams, Sha256Factory } from '@xetcache/core';
import { createAccounts, type Accounts } from './accounts/accounts.js';
import { apiRouter } from './api/router.js';
import { createContentStore, type ContentStore } from './content/content-store.js';
import { HubError } from './errors.js';
import { gitRouter } from './git/router.js';
import { authenticate } from './http/auth.js';
import type { HubContext, HubLimits } from './http/context.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { createLockStore } from './lfs/lock-store.js';
import { lfsRouter } from './lfs/router.js';
import { createProjects } from './projects.js';
import type { BlobStore } from './storage/port.js';

export interface HubDeps {
  blobs: BlobStore;
  /** Where the projects' bare repositories live (a local disk). */
  reposDir: string;
  blake3: Blake3;
  sha256: Sha256Factory;
  /** PATH and HOME for git children; nothing else of it is passed on. */
  processEnv?: NodeJS.ProcessEnv;
  /** Base of the links the hub hands out; from each request when unset. */
  publicUrl?: string;
  limits?: Partial<HubLimits>;
  /** Chunking parameters and pack size (small in tests). */
  params?: ChunkParams;
  packSize?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export interface Hub {
  app: Express;
  content: ContentStore;
  accounts: Accounts;
  /** Refuse new requests (503) from now on; those in flight go on. */
  drain(): void;
  /** Resolves when no request is in flight. */
  whenIdle(): Promise<void>;
  /** Stop the git children still running (a shutdown past its grace period). */
  stopGit(): void;
}

export const DEFAULT_LIMITS: HubLimits = {
  maxObjectSize: 1024 ** 4,
  maxJsonBody: 1024 * 1024,
  maxBatchObjects: 1000,
  maxChunksPerRequest: 100_000,
};

export async function createHub(deps: HubDeps): Promise<Hub> {
  const now = deps.now ?? Date.now;
  const content = createContentStore({ blobs: deps.blobs, blake3: deps.blake3, sha256: deps.sha256, params: deps.params, packSize: deps.packSize, now });
  await content.open();
  const accounts = createAccounts(deps.blobs, now);
  const processEnv = deps.processEnv ?? process.env;
  const ctx: HubContext = {
    blobs: deps.blobs,
    content,
    accounts,
    projects: createProjects({ blobs: deps.blobs, reposDir: deps.reposDir, processEnv, now }),
    locks: createLockStore(deps.blobs, now),
    reposDir: deps.reposDir,
    processEnv,
    publicUrl: deps.publicUrl,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    log: deps.log ?? ((line) => process.stderr.write(`${line}\n`)),
    draining: false,
    counters: { requests: 0, uploads: 0, uploadedBytes: 0, downloads: 0, downloadedBytes: 0, chunksReceived: 0, chunksStored: 0, chunksSent: 0, chunksSentBytes: 0 },
  };
  const children = new Set<ChildProcess>();
  let inFlight = 0;
  const idle: Array<() => void> = [];

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (ctx.draining) {
      res.set('Connection', 'close');
      throw new HubError('EUNAVAILABLE', 'the hub is shutting down; try again shortly');
    }
    inFlight++;
    ctx.counters.requests++;
    res.once('close', () => {
      if (--inFlight === 0) for (const wake of idle.splice(0)) wake();
    });
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(authenticate(ctx));
  app.use('/api', apiRouter(ctx));
  app.use('/:owner/:project/info/lfs', lfsRouter(ctx));
  app.use('/:owner/:project', gitRouter(ctx, children));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));

  return {
    app,
    content,
    accounts,
    drain: () => {
      ctx.draining = true;
    },
    whenIdle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
    stopGit: () => {
      for (const child of children) child.kill('SIGTERM');
    },
  };
}
