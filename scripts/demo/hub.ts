// The hub as an operator starts it: its own process, on 127.0.0.1 with any free port, data and
// storage in a temp directory, and the admin's token given through XETCACHE_ADMIN_TOKEN.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hubBin } from './paths.js';
import { DemoError, startTs, tail, type Started } from './processes.js';
import { keepSecret } from './secrets.js';

export interface Hub {
  url: string;
  adminToken: string;
  process: Started;
}

/** The hub serves git through `git http-backend`: without git it cannot create a project. */
function checkGit(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('git', ['--version'], (err) => (err ? reject(new DemoError('the hub needs git (it runs `git http-backend`): install git and put it on the PATH')) : resolve())),
  );
}

export async function startHub(root: string): Promise<Hub> {
  await checkGit();
  const home = join(root, 'hub');
  await mkdir(home, { recursive: true });
  const adminToken = keepSecret(`xct_demo_${randomBytes(16).toString('hex')}`);
  const started = startTs(hubBin, [], {
    cwd: home,
    dieWithDemo: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      LANG: 'C',
      XETCACHE_HUB_PORT: '0',
      XETCACHE_HUB_DATA: join(home, 'data'),
      XETCACHE_ADMIN_TOKEN: adminToken,
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(started.output());
      if (m) resolve(m[1]!);
    };
    started.child.stdout!.on('data', check);
    void started.exited.then((code) => reject(new DemoError(`the hub exited (${code}) before it was ready:\n${tail(started.output())}`)));
  });
  return { url, adminToken, process: started };
}

export interface HubStorage {
  /** Distinct chunks the hub stores, and their bytes. */
  chunks: number;
  bytes: number;
}

/** What the hub stores, from its admin API (once uploads in flight have settled). */
export async function hubStorage(hub: Hub): Promise<HubStorage> {
  for (;;) {
    const res = await fetch(`${hub.url}/api/stats`, { headers: { authorization: `Bearer ${hub.adminToken}` } });
    if (!res.ok) throw new DemoError(`the hub's /api/stats answered ${res.status}`);
    const body = (await res.json()) as { storage: HubStorage; writesInFlight: number };
    if (body.writesInFlight === 0) return body.storage;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
