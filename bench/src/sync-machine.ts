// One machine of the sync bench (its own HOME and XETCACHE_HOME, the hub's URL and a token in its
// environment), and a step timed with the bytes it moved through the byte counter.

import { hostname } from 'node:os';
import { join } from 'node:path';
import { Runtime } from 'xetcache';
import type { ByteCounter } from './byte-counter.js';

export interface Phase {
  ms: number;
  /** Bytes from the client to the hub, and back. */
  up: number;
  down: number;
}

export async function onTheWire(counter: ByteCounter, fn: () => Promise<unknown>): Promise<Phase> {
  const before = counter.counts();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const after = counter.counts();
  return { ms, up: after.up - before.up, down: after.down - before.down };
}

export function machine(root: string, name: string, hubUrl: string, token: string): Runtime {
  const runtime = new Runtime(
    {
      vars: { XETCACHE_HOME: join(root, name, 'xetcache'), XET_ENDPOINT: hubUrl, XET_USER_NAME: 'bench', XET_USER_TOKEN: token },
      homedir: join(root, name),
      cwd: join(root, name),
      user: name,
      host: hostname(),
      pid: process.pid,
    },
    { commitDelayMs: Infinity },
  );
  runtime.configure({ thresholdMs: 0 });
  return runtime;
}
