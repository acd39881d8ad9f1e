// What every project command shares: --project and --json, and a runtime built from the CLI's
// environment (not the process's), closed (committed) when the command ends.

import { homedir, hostname, userInfo } from 'node:os';
import { Runtime, type Env } from 'xetcache';
import type { CacheStoreApi } from '@xetcache/core';
import type { CliIo } from '../io.js';

export const projectOptions = {
  project: { type: 'string', short: 'P' },
  json: { type: 'boolean', default: false },
} as const;

export function cliEnv(io: CliIo): Env {
  let user = io.env.USER ?? 'user';
  try {
    user = userInfo().username;
  } catch {
    // Keep $USER.
  }
  return { vars: io.env, homedir: io.env.HOME || homedir(), cwd: io.cwd, user, host: hostname(), pid: process.pid };
}

/** Run `fn` on the project named by --project (or the default one), committing at the end. */
export async function withProject<T>(io: CliIo, project: string | undefined, fn: (store: CacheStoreApi, runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = new Runtime(cliEnv(io), { commitDelayMs: Infinity });
  const store = await runtime.store(project);
  try {
    return await fn(store, runtime);
  } finally {
    await runtime.close();
  }
}

export const json = (io: CliIo, value: unknown): void => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A progress line on a TTY: bytes read, and bytes the store actually had to add. */
export function progress(io: CliIo): ((e: { processed: number; stored: number }) => void) | undefined {
  if (!io.isTTY) return undefined;
  let last = 0;
  return (e) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    io.stderr(`\r${formatBytes(e.processed)} processed, ${formatBytes(e.stored)} new`);
  };
}
