// Start a hub: open its storage, build it, listen. The only module that listens; bin.ts and
// `xetcache serve` call it. close() drains: no new requests, in-flight ones finish (uploads
// commit or roll back) within the grace period, then the rest are cut and rolled back.

import { createServer, type Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createBestBlake3, nodeSha256 } from '@xetcache/core/node';
import { bootstrapAdmin } from './accounts/bootstrap.js';
import { createHub, type Hub, type HubDeps } from './app.js';
import type { HubSettings } from './config.js';
import { openStorage } from './open-storage.js';

export interface StartOptions extends HubSettings {
  processEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** fsync stored files (default true). */
  durable?: boolean;
  /** How long close() lets requests in flight finish (default 30 s). */
  graceMs?: number;
  /** Passed to createHub (tests: small chunks, limits). */
  hub?: Partial<Pick<HubDeps, 'limits' | 'params' | 'packSize'>>;
}

export interface RunningHub {
  url: string;
  port: number;
  data: string;
  /** Set on the first start without XETCACHE_ADMIN_TOKEN: print it once; it is stored only hashed. */
  newAdminToken?: string;
  hub: Hub;
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function startHub(options: StartOptions): Promise<RunningHub> {
  const reposDir = join(options.data, 'repos');
  await mkdir(reposDir, { recursive: true });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const blobs = await openStorage(options.storage, options.data, { durable: options.durable, env: options.processEnv ?? process.env, log });
  const hub = await createHub({
    blobs,
    reposDir,
    blake3: await createBestBlake3(),
    sha256: nodeSha256,
    processEnv: options.processEnv,
    publicUrl: options.publicUrl,
    log,
    ...options.hub,
  });
  const { newAdminToken } = await bootstrapAdmin(hub.accounts, options.adminToken);

  const server: Server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, hub.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      hub.drain();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const settled = (async () => {
        await hub.whenIdle();
        await hub.content.writesSettled();
      })();
      await Promise.race([settled, wait(options.graceMs ?? 30_000)]);
      // Past the grace period: cut what is left; uploads cut short roll back.
      hub.stopGit();
      server.closeAllConnections();
      await hub.content.writesSettled();
      await closed;
    })());

  return { url: `http://${host}:${port}`, port, data: options.data, newAdminToken, hub, close };
}
